import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { asStaff, createTestApp, sessionFor, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makeInstallation, makePlantBranch, type PlantBranch } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';
import { LocationFields } from '../../views/location-fields.tsx';
import type { Permission } from '../roles/permissions.ts';

interface Feature {
  type: string;
  id: string;
  geometry: { type: string; coordinates: [number, number] };
  properties: Record<string, unknown> & { layer: string };
}
interface Collection {
  type: string;
  features: Feature[];
  layers: string[];
  truncated: string[];
  limit: number;
}

describe('network map', () => {
  let t: TestApp;
  let owner: StaffSession;
  let other: StaffSession;
  let branch: PlantBranch;
  let far: PlantBranch;
  let otherBranch: PlantBranch;
  const ids: Record<string, string> = {};

  /** A staff member of `owner`'s tenant with a custom role holding exactly `permissions`. */
  async function staffWith(permissions: Permission[]): Promise<StaffSession> {
    const email = `custom-${permissions.join('-') || 'none'}@example.test`;
    const userId = await withTenant(t.app.db, owner.tenantId, async (trx) => {
      const role = await trx
        .insertInto('roles')
        .values({ tenant_id: owner.tenantId, builtin_key: null, name: `Custom ${email}`, permissions })
        .returning('id')
        .executeTakeFirstOrThrow();
      const user = await trx
        .insertInto('users')
        .values({ tenant_id: owner.tenantId, email, name: 'Custom', password_hash: 'x', role_id: role.id, status: 'active', locked_until: null, last_sign_in_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return user.id;
    });
    return sessionFor(t, owner.tenantId, owner.tenantSlug, userId, email);
  }

  const features = async (staff: StaffSession, query = ''): Promise<Collection> => {
    const res = await asStaff(t, staff, { method: 'GET', url: `/api/v1/map/features${query}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Collection;
  };
  const byLayer = (c: Collection, layer: string) => c.features.filter((f) => f.properties.layer === layer);

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Map Fiber' });
    other = await signUpTenant(t, { companyName: 'Other Fiber' });

    // Cavite: one LCP with two splitters, a 4-port NAP with one taken and one broken port.
    branch = await makePlantBranch(t, owner, { napPorts: 4, lcp: { coverage_radius_m: 800 } });
    await withTenant(t.app.db, owner.tenantId, async (trx) => {
      await trx.updateTable('nap_ports').set({ out_of_service: true }).where('tenant_id', '=', owner.tenantId).where('id', '=', branch.ports[3]!.id).execute();
      const spare = await trx
        .insertInto('splitters')
        .values({ tenant_id: owner.tenantId, lcp_id: branch.lcp.id, code: 'SP-SPARE', ratio: 16, lcp_port: 2, external_ref: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.spare = spare.id;
    });
    // Cebu, far away, for the bounding box.
    far = await makePlantBranch(t, owner, { lcp: { latitude: 10.31, longitude: 123.89 }, nap: { latitude: 10.311, longitude: 123.891 } });

    const active = await makeCustomer(t, owner, { first_name: 'Ana', last_name: '</script><b>Reyes', status: 'active', latitude: 14.4215, longitude: 120.9415 });
    const lead = await makeCustomer(t, owner, { first_name: 'Ben', status: 'lead', latitude: 14.43, longitude: 120.95 });
    const unplaced = await makeCustomer(t, owner, { first_name: 'Cara' });
    ids.active = active.id;
    ids.lead = lead.id;
    ids.unplaced = unplaced.id;
    ids.installation = (await makeInstallation(t, owner, { customerId: active.id, napPortId: branch.ports[0]!.id })).id;
    // A finished installation holds no port and is not drawn.
    ids.terminated = (await makeInstallation(t, owner, { customerId: lead.id, napPortId: branch.ports[1]!.id, status: 'terminated', latitude: 14.43, longitude: 120.95 })).id;

    // The other company has plant and a customer at the very same spot.
    otherBranch = await makePlantBranch(t, other);
    ids.otherCustomer = (await makeCustomer(t, other, { latitude: 14.4215, longitude: 120.9415 })).id;
  });
  after(async () => {
    await t.close();
  });

  it('answers a GeoJSON FeatureCollection of every layer, with free-port figures at each level', async () => {
    const c = await features(owner);
    assert.equal(c.type, 'FeatureCollection');
    assert.deepEqual(c.layers, ['customers', 'installations', 'lcps', 'splitters', 'naps']);
    assert.deepEqual(c.truncated, []);
    for (const f of c.features) {
      assert.equal(f.type, 'Feature');
      assert.equal(f.geometry.type, 'Point');
      assert.equal(f.geometry.coordinates.length, 2);
    }

    const customers = byLayer(c, 'customers');
    assert.deepEqual(customers.map((f) => f.id).sort(), [ids.active, ids.lead].sort(), 'located customers only');
    const ana = customers.find((f) => f.id === ids.active)!;
    assert.deepEqual(ana.geometry.coordinates, [120.9415, 14.4215], '[longitude, latitude]');
    assert.equal(ana.properties.status, 'active');
    assert.match(String(ana.properties.name), /Ana <\/script><b>Reyes/, 'raw text in JSON; the page escapes it');

    const installations = byLayer(c, 'installations');
    assert.deepEqual(installations.map((f) => f.id), [ids.installation], 'live installations only');
    assert.deepEqual(installations[0]!.geometry.coordinates, [120.9415, 14.4215], "at the customer's location when it has none");
    assert.equal(installations[0]!.properties.napCode, branch.nap.code);
    assert.equal(installations[0]!.properties.portNumber, 1);

    const nap = byLayer(c, 'naps').find((f) => f.id === branch.nap.id)!;
    assert.deepEqual(nap.properties.dropPorts, { total: 4, used: 1, outOfService: 1, free: 2 });
    assert.equal(nap.properties.lcpId, branch.lcp.id);

    const lcp = byLayer(c, 'lcps').find((f) => f.id === branch.lcp.id)!;
    assert.deepEqual(lcp.properties.feederPorts, { total: 8, used: 2, free: 6 });
    assert.deepEqual(lcp.properties.dropPorts, { total: 4, used: 1, outOfService: 1, free: 2 });
    assert.equal(lcp.properties.coverageRadiusM, 800);
    assert.deepEqual((lcp.properties.splitters as { code: string }[]).map((s) => s.code), [branch.splitter.code, 'SP-SPARE']);

    const splitters = byLayer(c, 'splitters');
    const used = splitters.find((f) => f.id === branch.splitter.id)!;
    assert.deepEqual(used.properties.outputs, { total: 8, used: 1, free: 7 });
    assert.deepEqual(used.geometry.coordinates, lcp.geometry.coordinates, "a splitter stands at its LCP's location");
    const spare = splitters.find((f) => f.id === ids.spare)!;
    assert.deepEqual(spare.properties.outputs, { total: 16, used: 0, free: 16 });
    assert.deepEqual(spare.properties.dropPorts, { total: 0, used: 0, outOfService: 0, free: 0 });
  });

  it("never shows another company's features", async () => {
    const mine = new Set((await features(owner)).features.map((f) => f.id));
    for (const id of [ids.otherCustomer, otherBranch.lcp.id, otherBranch.splitter.id, otherBranch.nap.id]) assert.ok(!mine.has(id!), `${id} is the other company's`);
    const theirs = await features(other);
    assert.deepEqual(byLayer(theirs, 'customers').map((f) => f.id), [ids.otherCustomer]);
    assert.deepEqual(byLayer(theirs, 'lcps').map((f) => f.id), [otherBranch.lcp.id]);
    assert.deepEqual(byLayer(theirs, 'installations'), []);
  });

  it('answers only the layers asked for, inside the bounding box', async () => {
    const some = await features(owner, '?layers=naps,LCPS');
    assert.deepEqual(some.layers, ['lcps', 'naps']);
    assert.deepEqual([...new Set(some.features.map((f) => f.properties.layer))].sort(), ['lcps', 'naps']);

    const cavite = await features(owner, `?bbox=${encodeURIComponent('120.9,14.4,121.0,14.5')}`);
    const lcpIds = byLayer(cavite, 'lcps').map((f) => f.id);
    assert.deepEqual(lcpIds, [branch.lcp.id], 'the Cebu LCP is outside');
    assert.deepEqual(byLayer(cavite, 'naps').map((f) => f.id), [branch.nap.id]);
    assert.equal(byLayer(cavite, 'customers').length, 2);

    const cebu = await features(owner, '?bbox=123.8,10.2,124,10.4&layers=lcps,splitters,naps,customers');
    assert.deepEqual(byLayer(cebu, 'lcps').map((f) => f.id), [far.lcp.id]);
    assert.deepEqual(byLayer(cebu, 'splitters').map((f) => f.id), [far.splitter.id]);
    assert.deepEqual(byLayer(cebu, 'customers'), []);

    // West greater than east wraps over the antimeridian: 170°E to 170°W holds nothing here.
    assert.deepEqual((await features(owner, '?bbox=170,-60,-170,60')).features, []);
    // ...while 100°E eastwards to 130°W wraps around to include the Philippines.
    assert.equal(byLayer(await features(owner, '?bbox=100,0,-130,20&layers=lcps'), 'lcps').length, 2);
  });

  it('refuses an unknown layer or a malformed box with 422 naming the parameter', async () => {
    const bad = await asStaff(t, owner, { method: 'GET', url: '/api/v1/map/features?layers=lcps,poles' });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().errors.map((e: { field: string }) => e.field), ['layers']);
    assert.match(bad.json().errors[0].message, /poles/);
    for (const bbox of ['1,2,3', '120,15,121,14', 'a,b,c,d', '120,14,200,15', '120,,121,15']) {
      const res = await asStaff(t, owner, { method: 'GET', url: `/api/v1/map/features?bbox=${encodeURIComponent(bbox)}` });
      assert.equal(res.statusCode, 422, bbox);
      assert.deepEqual(res.json().errors.map((e: { field: string }) => e.field), ['bbox'], bbox);
    }
  });

  it('needs network.read, and customers.read for the customer and installation layers', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/map/features' })).statusCode, 401);
    const anonPage = await t.app.inject({ method: 'GET', url: '/app/map' });
    assert.equal(anonPage.statusCode, 302);

    const customersOnly = await staffWith(['customers.read']);
    assert.equal((await asStaff(t, customersOnly, { method: 'GET', url: '/api/v1/map/features' })).statusCode, 403);
    assert.equal((await asStaff(t, customersOnly, { method: 'GET', url: '/app/map', headers: { accept: 'text/html' } })).statusCode, 403);

    const networkOnly = await staffWith(['network.read']);
    const c = await features(networkOnly);
    assert.deepEqual(c.layers, ['lcps', 'splitters', 'naps'], 'customers and installations left out');
    assert.ok(c.features.every((f) => !['customers', 'installations'].includes(f.properties.layer)));
    for (const layers of ['customers', 'lcps,installations']) {
      const res = await asStaff(t, networkOnly, { method: 'GET', url: `/api/v1/map/features?layers=${layers}` });
      assert.equal(res.statusCode, 403, layers);
      assert.match(res.json().detail, /customers\.read/);
    }
    const page = await asStaff(t, networkOnly, { method: 'GET', url: '/app/map' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-layers="lcps,splitters,naps"/);
  });

  it('serves the map page: data attributes only, no inline script, tile server and focus passed on', async () => {
    await asStaff(t, owner, { method: 'PATCH', url: '/api/v1/settings', payload: { mapAttribution: '"><script>alert(1)</script> Tiles' } });
    const res = await asStaff(t, owner, { method: 'GET', url: `/app/map?focus=customer:${ids.active}` });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /id="network-map"/);
    assert.match(res.body, /data-layers="customers,installations,lcps,splitters,naps"/);
    assert.match(res.body, /data-tile-url="https:\/\/tile.openstreetmap.org\/\{z\}\/\{x\}\/\{y\}.png"/);
    assert.match(res.body, new RegExp(`data-focus="customer:${ids.active}"`));
    assert.match(res.body, /data-attribution="&quot;>&lt;script>alert\(1\)&lt;\/script> Tiles"/);
    assert.doesNotMatch(res.body, /<script>/, 'every script has a src');
    assert.equal((res.body.match(/<script src="\/assets\/leaflet.js"/g) ?? []).length, 1);
    assert.match(res.body, /<script src="\/assets\/network-map.js" defer/);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /img-src 'self' data: https:(;|$)/);

    const junk = await asStaff(t, owner, { method: 'GET', url: '/app/map?focus=customer:not-an-id"><b>' });
    assert.equal(junk.statusCode, 200);
    assert.doesNotMatch(junk.body, /data-focus/);
  });

  it('adds an http tile server to img-src by exact origin on the map page only', async () => {
    const patch = await asStaff(t, owner, { method: 'PATCH', url: '/api/v1/settings', payload: { mapTileUrl: 'http://{s}.tiles.lan:8080/{z}/{x}/{y}.png' } });
    assert.equal(patch.statusCode, 200);
    const map = await asStaff(t, owner, { method: 'GET', url: '/app/map' });
    assert.match(String(map.headers['content-security-policy']), /img-src 'self' data: https: http:\/\/\*\.tiles\.lan:8080(;|$)/);
    const home = await asStaff(t, owner, { method: 'GET', url: '/app' });
    assert.doesNotMatch(String(home.headers['content-security-policy']), /tiles\.lan/);
    const theirs = await asStaff(t, other, { method: 'GET', url: '/app/map' });
    assert.doesNotMatch(String(theirs.headers['content-security-policy']), /tiles\.lan/, "one company's tile server is not another's");
  });

  it('serves Leaflet, its images and the map scripts from the app', async () => {
    const js = await t.app.inject({ method: 'GET', url: '/assets/leaflet.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.match(js.body, /Leaflet 1\.9\.4/);
    const css = await t.app.inject({ method: 'GET', url: '/assets/leaflet.css' });
    assert.match(css.body, /url\(marker-icon\.png\)/, 'image references resolve next to the stylesheet');
    assert.doesNotMatch(css.body, /url\(images\//);
    for (const image of ['marker-icon.png', 'marker-icon-2x.png', 'marker-shadow.png', 'layers.png', 'layers-2x.png']) {
      const res = await t.app.inject({ method: 'GET', url: `/assets/${image}` });
      assert.equal(res.statusCode, 200, image);
      assert.equal(res.headers['content-type'], 'image/png');
    }
    for (const script of ['location-picker.js', 'network-map.js']) {
      const res = await t.app.inject({ method: 'GET', url: `/assets/${script}` });
      assert.equal(res.statusCode, 200, script);
      assert.match(res.body, /'use strict'/);
    }
    assert.equal((await t.app.inject({ method: 'GET', url: '/assets/..%2Fapp.ts' })).statusCode, 404);
  });

  it('a location picker brings its stylesheet and script tag with it, once', () => {
    const html = renderToString(<LocationFields values={{ latitude: '14.5', longitude: '121' }} errors={{}} tileUrl="https://t.example/{z}/{x}/{y}.png" attribution="© Someone" withAccuracy />);
    assert.equal((html.match(/<script src="\/assets\/location-picker.js" defer><\/script>/g) ?? []).length, 1);
    assert.equal((html.match(/href="\/assets\/leaflet.css"/g) ?? []).length, 1);
    assert.match(html, /data-location-picker[ >]/);
    assert.match(html, /name="latitude" value="14.5" inputmode="decimal"/);
    assert.doesNotMatch(html, /name="locationNotes"[^>]*inputmode/, 'notes take text, not a number pad');
    assert.match(html, /data-tile-url="https:\/\/t.example\/\{z\}\/\{x\}\/\{y\}.png"/);
  });
});
