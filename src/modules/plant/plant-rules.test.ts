import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makeInstallation, makePlantBranch } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(t: TestApp, who: StaffSession, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const res = await asStaff(t, who, { method, url, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() as Json };
}

async function ok(t: TestApp, who: StaffSession, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object): Promise<Json> {
  const res = await call(t, who, method, url, payload);
  assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

function fields(body: Json): string[] {
  return (body.errors as { field: string }[]).map((e) => e.field).sort();
}

async function count(t: TestApp, tenantId: string, table: 'lcps' | 'splitters' | 'naps' | 'nap_ports' | 'audit_events'): Promise<number> {
  return withTenant(t.app.db, tenantId, async (trx) => {
    const row = await trx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    return Number(row.n);
  });
}

let seq = 0;
async function branch(t: TestApp, who: StaffSession, options: { ratio?: number; napPorts?: number; lcpPorts?: number } = {}) {
  seq += 1;
  const lcp = await ok(t, who, 'POST', '/api/v1/lcps', { code: `CAB-${seq}`, name: `Cabinet ${seq}`, portCount: options.lcpPorts ?? 8 });
  const splitter = await ok(t, who, 'POST', '/api/v1/splitters', { lcpId: lcp.id, code: 'SP-1', ratio: options.ratio ?? 8, lcpPort: 1 });
  const nap = await ok(t, who, 'POST', '/api/v1/naps', { splitterId: splitter.id, code: 'NAP-1', splitterPort: 1, portCount: options.napPorts ?? 8 });
  const grid = await ok(t, who, 'GET', `/api/v1/naps/${nap.id}/ports`);
  return { lcp, splitter, nap, ports: grid.ports as Json[] };
}

describe('fiber plant rules', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;
  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
    b = await signUpTenant(t, { companyName: 'Beta Fiber' });
  });
  after(async () => {
    await t.close();
  });

  it('creates an LCP, checks every field at once and keeps codes unique per tenant, case-insensitively', async () => {
    const lcp = await ok(t, a, 'POST', '/api/v1/lcps', { code: ' LCP-A ', name: 'Poblacion cabinet', latitude: '14.42', longitude: 120.94, coverageRadiusM: 800 });
    assert.equal(lcp.code, 'LCP-A');
    assert.equal(lcp.portCount, 8);
    assert.deepEqual(lcp.capacity, { total: 0, used: 0, outOfService: 0, free: 0 });
    const before = await count(t, a.tenantId, 'lcps');
    const bad = await call(t, a, 'POST', '/api/v1/lcps', { code: 'lcp-a', name: ' ', portCount: 0, latitude: 95, longitude: 10, coverageRadiusM: 0 });
    assert.equal(bad.status, 422);
    assert.deepEqual(fields(bad.body), ['code', 'coverageRadiusM', 'latitude', 'name', 'portCount']);
    assert.equal(await count(t, a.tenantId, 'lcps'), before, 'nothing written');
    // Another company may use the same code.
    await ok(t, b, 'POST', '/api/v1/lcps', { code: 'LCP-A', name: 'Theirs' });
  });

  it('hangs splitters from free feeder ports with a valid ratio and a code unique within the LCP', async () => {
    const { lcp } = await branch(t, a, { lcpPorts: 4 });
    const wrong = await call(t, a, 'POST', '/api/v1/splitters', { lcpId: lcp.id, code: 'sp-1', ratio: 3, lcpPort: 5 });
    assert.equal(wrong.status, 422);
    assert.deepEqual(fields(wrong.body), ['code', 'lcpPort', 'ratio']);
    const taken = await call(t, a, 'POST', '/api/v1/splitters', { lcpId: lcp.id, code: 'SP-2', ratio: 16, lcpPort: 1 });
    assert.equal(taken.status, 422);
    assert.deepEqual(fields(taken.body), ['lcpPort']);
    assert.match(taken.body.errors[0].message, /SP-1 already hangs from LCP port 1/);
    for (const ratio of [2, 4, 8, 16, 32, 64]) {
      const other = await ok(t, a, 'POST', '/api/v1/lcps', { code: `R-${ratio}-${seq}`, name: 'Ratios', portCount: 1 });
      const s = await ok(t, a, 'POST', '/api/v1/splitters', { lcpId: other.id, code: 'SP-1', ratio, lcpPort: 1 });
      assert.equal(s.ratio, ratio);
    }
    const second = await ok(t, a, 'POST', '/api/v1/splitters', { lcpId: lcp.id, code: 'SP-2', ratio: 16, lcpPort: 2 });
    assert.equal(second.lcpPort, 2);
    // Another tenant's LCP is simply not there.
    const foreign = await call(t, b, 'POST', '/api/v1/splitters', { lcpId: lcp.id, code: 'SP-9', ratio: 8, lcpPort: 3 });
    assert.equal(foreign.status, 422);
    assert.deepEqual(foreign.body.errors.map((e: Json) => [e.field, e.rule]), [['lcpId', 'not_found']]);
  });

  it('adds NAPs on free splitter ports within the ratio, with their ports, codes unique within the splitter', async () => {
    const { splitter, nap, ports } = await branch(t, a, { ratio: 4, napPorts: 8 });
    assert.deepEqual(
      ports.map((p) => [p.number, p.status]),
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => [n, 'free']),
    );
    assert.deepEqual(nap.capacity, { total: 8, used: 0, outOfService: 0, free: 8 });
    const portsBefore = await count(t, a.tenantId, 'nap_ports');
    const bad = await call(t, a, 'POST', '/api/v1/naps', { splitterId: splitter.id, code: 'nap-1', splitterPort: 5, portCount: 65 });
    assert.equal(bad.status, 422);
    assert.deepEqual(fields(bad.body), ['code', 'portCount', 'splitterPort']);
    const taken = await call(t, a, 'POST', '/api/v1/naps', { splitterId: splitter.id, code: 'NAP-2', splitterPort: 1, portCount: 8 });
    assert.deepEqual(fields(taken.body), ['splitterPort']);
    assert.equal(await count(t, a.tenantId, 'nap_ports'), portsBefore, 'no ports written');
    const two = await ok(t, a, 'POST', '/api/v1/naps', { splitterId: splitter.id, code: 'NAP-2', name: 'Rizal St', splitterPort: 4, portCount: 16 });
    assert.equal(two.capacity.total, 16);
  });

  it('refuses new children under deactivated parents', async () => {
    const { lcp, splitter } = await branch(t, a);
    await ok(t, a, 'POST', `/api/v1/splitters/${splitter.id}/deactivate`);
    const nap = await call(t, a, 'POST', '/api/v1/naps', { splitterId: splitter.id, code: 'NAP-9', splitterPort: 2, portCount: 8 });
    assert.deepEqual(nap.body.errors.map((e: Json) => [e.field, e.rule]), [['splitterId', 'inactive']]);
    await ok(t, a, 'POST', `/api/v1/lcps/${lcp.id}/deactivate`);
    const s = await call(t, a, 'POST', '/api/v1/splitters', { lcpId: lcp.id, code: 'SP-9', ratio: 8, lcpPort: 2 });
    assert.deepEqual(s.body.errors.map((e: Json) => [e.field, e.rule]), [['lcpId', 'inactive']]);
  });

  it('counts capacity at every level from installations in each status and out-of-service ports', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 8 });
    const statuses = ['scheduled', 'active', 'suspended', 'terminated', 'cancelled'] as const;
    for (const [i, status] of statuses.entries()) {
      const customer = await makeCustomer(t, a);
      await makeInstallation(t, a, { customerId: customer.id, napPortId: plant.ports[i]!.id, status });
    }
    await ok(t, a, 'PATCH', `/api/v1/nap-ports/${plant.ports[7]!.id}`, { outOfService: true });
    // A second, inactive NAP counts for itself but not above it.
    const second = await ok(t, a, 'POST', '/api/v1/naps', { splitterId: plant.splitter.id, code: 'NAP-OFF', splitterPort: 2, portCount: 4 });
    await ok(t, a, 'POST', `/api/v1/naps/${second.id}/deactivate`);
    const expected = { total: 8, used: 3, outOfService: 1, free: 4 };
    assert.deepEqual((await ok(t, a, 'GET', `/api/v1/naps/${plant.nap.id}`)).capacity, expected);
    assert.deepEqual((await ok(t, a, 'GET', `/api/v1/splitters/${plant.splitter.id}`)).capacity, expected);
    assert.deepEqual((await ok(t, a, 'GET', `/api/v1/lcps/${plant.lcp.id}`)).capacity, expected);
    assert.deepEqual((await ok(t, a, 'GET', `/api/v1/naps/${second.id}`)).capacity, { total: 4, used: 0, outOfService: 0, free: 0 });
    const grid = await ok(t, a, 'GET', `/api/v1/naps/${plant.nap.id}/ports`);
    assert.deepEqual(
      grid.ports.map((p: Json) => p.status),
      ['taken', 'taken', 'taken', 'free', 'free', 'free', 'free', 'out_of_service'],
    );
    assert.match(grid.ports[1].accountNumber, /^FAC-/);
    assert.equal(grid.ports[1].installationStatus, 'active');
  });

  it('refuses to deactivate a level with live customers beneath, naming them, and changes nothing', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 8 });
    const c1 = await makeCustomer(t, a);
    const c2 = await makeCustomer(t, a);
    await makeInstallation(t, a, { customerId: c1.id, napPortId: plant.ports[0]!.id, status: 'active' });
    await makeInstallation(t, a, { customerId: c2.id, napPortId: plant.ports[1]!.id, status: 'scheduled' });
    const audits = await count(t, a.tenantId, 'audit_events');
    for (const [kind, id, label] of [
      ['lcps', plant.lcp.id, `LCP ${plant.lcp.code}`],
      ['splitters', plant.splitter.id, `Splitter ${plant.splitter.code}`],
      ['naps', plant.nap.id, `NAP ${plant.nap.code}`],
    ] as const) {
      const res = await call(t, a, 'POST', `/api/v1/${kind}/${id}/deactivate`);
      assert.equal(res.status, 409, kind);
      assert.equal(res.body.code, 'plant_in_use');
      assert.ok(res.body.detail.startsWith(`${label} cannot be deactivated: 2 live installations`), res.body.detail);
      assert.ok(res.body.detail.includes(c1.account_number) && res.body.detail.includes(c2.account_number), res.body.detail);
      assert.equal((await ok(t, a, 'GET', `/api/v1/${kind}/${id}`)).active, true);
    }
    assert.equal(await count(t, a.tenantId, 'audit_events'), audits, 'no audit entry for a refused change');
  });

  it('deactivates an LCP with only ended installations beneath, cascading and saying so in the audit log; reactivation is one level at a time', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 4 });
    const c = await makeCustomer(t, a);
    await makeInstallation(t, a, { customerId: c.id, napPortId: plant.ports[0]!.id, status: 'terminated' });
    const lcp = await ok(t, a, 'POST', `/api/v1/lcps/${plant.lcp.id}/deactivate`);
    assert.equal(lcp.active, false);
    assert.equal((await ok(t, a, 'GET', `/api/v1/splitters/${plant.splitter.id}`)).active, false);
    assert.equal((await ok(t, a, 'GET', `/api/v1/naps/${plant.nap.id}`)).active, false);
    const audit = await withTenant(t.app.db, a.tenantId, (trx) =>
      trx.selectFrom('audit_events').select(['before', 'after']).where('tenant_id', '=', a.tenantId).where('action', '=', 'lcp.deactivated').where('entity_id', '=', plant.lcp.id).executeTakeFirstOrThrow(),
    );
    assert.deepEqual(audit.after, { code: plant.lcp.code, active: false, alsoDeactivated: { splitters: [plant.splitter.code], naps: [plant.nap.code] } });

    const early = await call(t, a, 'POST', `/api/v1/splitters/${plant.splitter.id}/reactivate`);
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'plant_parent_inactive');
    await ok(t, a, 'POST', `/api/v1/lcps/${plant.lcp.id}/reactivate`);
    assert.equal((await ok(t, a, 'GET', `/api/v1/splitters/${plant.splitter.id}`)).active, false, 'children stay down');
    // A replacement took the feeder port meanwhile: the old splitter cannot come back on it.
    await ok(t, a, 'POST', '/api/v1/splitters', { lcpId: plant.lcp.id, code: 'SP-NEW', ratio: 8, lcpPort: 1 });
    const clash = await call(t, a, 'POST', `/api/v1/splitters/${plant.splitter.id}/reactivate`);
    assert.equal(clash.status, 409);
    assert.equal(clash.body.code, 'plant_port_taken');
    await ok(t, a, 'PATCH', `/api/v1/splitters/${plant.splitter.id}`, { lcpPort: 2 });
    assert.equal((await ok(t, a, 'POST', `/api/v1/splitters/${plant.splitter.id}/reactivate`)).active, true);
  });

  it('keeps LCP port counts and splitter ratios above the ports in use', async () => {
    const { lcp, splitter } = await branch(t, a);
    await ok(t, a, 'POST', '/api/v1/splitters', { lcpId: lcp.id, code: 'SP-6', ratio: 8, lcpPort: 6 });
    const lcpShrink = await call(t, a, 'PATCH', `/api/v1/lcps/${lcp.id}`, { portCount: 4 });
    assert.equal(lcpShrink.status, 422);
    assert.deepEqual(fields(lcpShrink.body), ['portCount']);
    assert.match(lcpShrink.body.errors[0].message, /port 6 \(splitter SP-6\) is in use/);
    assert.equal((await ok(t, a, 'PATCH', `/api/v1/lcps/${lcp.id}`, { portCount: 6 })).portCount, 6);
    await ok(t, a, 'POST', '/api/v1/naps', { splitterId: splitter.id, code: 'NAP-5', splitterPort: 5, portCount: 4 });
    const ratioDrop = await call(t, a, 'PATCH', `/api/v1/splitters/${splitter.id}`, { ratio: 4 });
    assert.deepEqual(fields(ratioDrop.body), ['ratio']);
    assert.match(ratioDrop.body.errors[0].message, /5 \(NAP NAP-5\)/);
  });

  it('grows a NAP by adding ports and shrinks it only when the removed ports hold nothing live', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 8 });
    const live = await makeCustomer(t, a);
    const old = await makeCustomer(t, a);
    await makeInstallation(t, a, { customerId: live.id, napPortId: plant.ports[6]!.id, status: 'suspended' });
    await makeInstallation(t, a, { customerId: old.id, napPortId: plant.ports[7]!.id, status: 'cancelled' });
    const refused = await call(t, a, 'PATCH', `/api/v1/naps/${plant.nap.id}`, { portCount: 4 });
    assert.equal(refused.status, 422);
    assert.deepEqual(fields(refused.body), ['portCount']);
    assert.match(refused.body.errors[0].message, new RegExp(`port 7 is taken \\(${live.account_number}\\)`));
    assert.equal((await ok(t, a, 'GET', `/api/v1/naps/${plant.nap.id}`)).portCount, 8);

    const grown = await ok(t, a, 'PATCH', `/api/v1/naps/${plant.nap.id}`, { portCount: 12 });
    assert.equal(grown.capacity.total, 12);
    const shrunk = await ok(t, a, 'PATCH', `/api/v1/naps/${plant.nap.id}`, { portCount: 7 });
    assert.deepEqual(shrunk.capacity, { total: 7, used: 1, outOfService: 0, free: 6 });
    const grid = await ok(t, a, 'GET', `/api/v1/naps/${plant.nap.id}/ports`);
    assert.deepEqual(
      grid.ports.map((p: Json) => p.number),
      [1, 2, 3, 4, 5, 6, 7],
    );
    // Port 8 keeps its row for the cancelled installation's history; 9-12 are gone.
    const rows = await withTenant(t.app.db, a.tenantId, (trx) => trx.selectFrom('nap_ports').select('port_number').where('tenant_id', '=', a.tenantId).where('nap_id', '=', plant.nap.id).orderBy('port_number').execute());
    assert.deepEqual(
      rows.map((r) => r.port_number),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
  });

  it('takes a port out of service only while it holds nothing', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 2 });
    const c = await makeCustomer(t, a);
    await makeInstallation(t, a, { customerId: c.id, napPortId: plant.ports[0]!.id, status: 'active' });
    const refused = await call(t, a, 'PATCH', `/api/v1/nap-ports/${plant.ports[0]!.id}`, { outOfService: true });
    assert.equal(refused.status, 422);
    assert.deepEqual(fields(refused.body), ['outOfService']);
    assert.match(refused.body.detail, new RegExp(c.account_number));
    const port = await ok(t, a, 'PATCH', `/api/v1/nap-ports/${plant.ports[1]!.id}`, { outOfService: true, notes: 'Water in the box' });
    assert.deepEqual([port.status, port.notes], ['out_of_service', 'Water in the box']);
    const back = await ok(t, a, 'PATCH', `/api/v1/nap-ports/${plant.ports[1]!.id}`, { outOfService: false });
    assert.deepEqual([back.status, back.notes], ['free', 'Water in the box']);
  });

  it('draws the tree from the data: LCP > splitter > NAP > port > customer, filtered by LCP', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 4 });
    const c = await makeCustomer(t, a);
    await makeInstallation(t, a, { customerId: c.id, napPortId: plant.ports[2]!.id, status: 'active' });
    const tree = await ok(t, a, 'GET', `/api/v1/network/tree?lcpId=${plant.lcp.id}`);
    assert.equal(tree.lcps.length, 1);
    const [lcp] = tree.lcps;
    assert.equal(lcp.code, plant.lcp.code);
    const nap = lcp.splitters[0].naps[0];
    assert.equal(nap.code, plant.nap.code);
    assert.deepEqual(nap.capacity, { total: 4, used: 1, outOfService: 0, free: 3 });
    assert.deepEqual(
      nap.ports.map((p: Json) => [p.number, p.accountNumber]),
      [
        [1, null],
        [2, null],
        [3, c.account_number],
        [4, null],
      ],
    );
    assert.equal(tree.capacity.used, 1);
    const all = await ok(t, a, 'GET', '/api/v1/network/tree');
    assert.ok(all.lcps.length > 1);
    const theirs = await ok(t, b, 'GET', '/api/v1/network/tree');
    assert.ok(!theirs.lcps.some((l: Json) => l.id === plant.lcp.id), 'another company sees none of it');
  });

  it('filters and pages the lists', async () => {
    const full = await makePlantBranch(t, a, { napPorts: 1 });
    const c = await makeCustomer(t, a);
    await makeInstallation(t, a, { customerId: c.id, napPortId: full.ports[0]!.id, status: 'active' });
    const withFree = await ok(t, a, 'GET', '/api/v1/naps?hasFreePorts=true&limit=200');
    assert.ok(!withFree.items.some((n: Json) => n.id === full.nap.id));
    const without = await ok(t, a, 'GET', '/api/v1/naps?hasFreePorts=false&limit=200');
    assert.ok(without.items.some((n: Json) => n.id === full.nap.id));
    const byLcp = await ok(t, a, 'GET', `/api/v1/naps?lcpId=${full.lcp.id}`);
    assert.deepEqual(
      byLcp.items.map((n: Json) => n.id),
      [full.nap.id],
    );
    const lcpsWithout = await ok(t, a, 'GET', '/api/v1/lcps?hasFreePorts=false&limit=200');
    assert.ok(lcpsWithout.items.some((l: Json) => l.id === full.lcp.id));
    const splitters = await ok(t, a, 'GET', `/api/v1/splitters?lcpId=${full.lcp.id}`);
    assert.equal(splitters.items.length, 1);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await ok(t, a, 'GET', `/api/v1/lcps?limit=2&sort=name&dir=desc${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.items.map((l: Json) => l.id as string));
      cursor = page.nextCursor as string | null;
    } while (cursor);
    assert.equal(seen.length, await count(t, a.tenantId, 'lcps'));
    assert.equal(new Set(seen).size, seen.length);
  });

  it('lets read-only staff read and refuses writes to support staff (403), without writing', async () => {
    const plant = await makePlantBranch(t, a, { napPorts: 2 });
    const readOnly = await addStaff(t, a, 'read_only');
    for (const url of ['/api/v1/lcps', `/api/v1/lcps/${plant.lcp.id}`, '/api/v1/splitters', `/api/v1/splitters/${plant.splitter.id}`, '/api/v1/naps', `/api/v1/naps/${plant.nap.id}`, `/api/v1/naps/${plant.nap.id}/ports`, '/api/v1/network/tree']) {
      assert.equal((await call(t, readOnly, 'GET', url)).status, 200, url);
    }
    const support = await addStaff(t, a, 'support');
    const lcps = await count(t, a.tenantId, 'lcps');
    const writes: ['POST' | 'PATCH', string, object?][] = [
      ['POST', '/api/v1/lcps', { code: 'NOPE', name: 'Nope' }],
      ['PATCH', `/api/v1/lcps/${plant.lcp.id}`, { name: 'Nope' }],
      ['POST', `/api/v1/lcps/${plant.lcp.id}/deactivate`],
      ['POST', '/api/v1/splitters', { lcpId: plant.lcp.id, code: 'NOPE', ratio: 8, lcpPort: 2 }],
      ['POST', `/api/v1/splitters/${plant.splitter.id}/deactivate`],
      ['POST', '/api/v1/naps', { splitterId: plant.splitter.id, code: 'NOPE', splitterPort: 2, portCount: 8 }],
      ['PATCH', `/api/v1/naps/${plant.nap.id}`, { portCount: 1 }],
      ['POST', `/api/v1/naps/${plant.nap.id}/reactivate`],
      ['PATCH', `/api/v1/nap-ports/${plant.ports[0]!.id}`, { outOfService: true }],
    ];
    for (const [method, url, payload] of writes) {
      const res = await call(t, support, method, url, payload);
      assert.equal(res.status, 403, `${method} ${url}`);
      assert.equal((await call(t, readOnly, method, url, payload)).status, 403, `${method} ${url} as read-only`);
    }
    assert.equal(await count(t, a.tenantId, 'lcps'), lcps);
    assert.equal((await ok(t, a, 'GET', `/api/v1/lcps/${plant.lcp.id}`)).active, true);
  });
});
