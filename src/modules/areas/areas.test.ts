import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makePlantBranch } from '../../../test/helpers/factories.ts';
import { withPlatform, withTenant } from '../../db/tenancy.ts';
import type { Permission } from '../roles/permissions.ts';
import { listAreaOptions } from './area-options.ts';

interface Area {
  id: string;
  parentId: string | null;
  name: string;
  code: string | null;
  kind: string;
  active: boolean;
  path: string;
  depth: number;
}

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; rule: string; message: string }[];
}

describe('service areas API', () => {
  let t: TestApp;
  let owner: StaffSession;
  let other: StaffSession;

  const call = (staff: StaffSession, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    asStaff(t, staff, { method, url, ...(payload ? { payload } : {}) });

  async function create(body: Record<string, unknown>, staff = owner): Promise<Area> {
    const res = await call(staff, 'POST', '/api/v1/areas', body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json<Area>();
  }

  const countAreas = (tenantId: string) =>
    withPlatform(t.app.db, async (trx) => (await trx.selectFrom('service_areas').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);

  const fieldsOf = (res: { json: <T>() => T }) => (res.json<Problem>().errors ?? []).map((e) => `${e.field}:${e.rule}`).sort();

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Bayan Fiber' });
    other = await signUpTenant(t, { companyName: 'Other ISP' });
  });
  after(async () => {
    await t.close();
  });

  it('builds a hierarchy and reports each area with its full path', async () => {
    const cavite = await create({ name: ' Cavite ', code: 'CAV', kind: 'Province' });
    const imus = await create({ name: 'Imus', kind: 'City', parentId: cavite.id });
    const bayan = await create({ name: 'Bayan  Luma', kind: 'Barangay', parentId: imus.id, externalRef: 'psgc-0421' });
    assert.equal(cavite.name, 'Cavite', 'trimmed');
    assert.equal(bayan.name, 'Bayan Luma', 'inner whitespace collapsed');
    assert.equal(bayan.path, 'Cavite > Imus > Bayan Luma');
    assert.equal(bayan.depth, 2);
    assert.equal(bayan.parentId, imus.id);
    const got = await call(owner, 'GET', `/api/v1/areas/${bayan.id}`);
    assert.equal(got.statusCode, 200);
    assert.equal(got.json<Area>().path, 'Cavite > Imus > Bayan Luma');
    const audit = await withPlatform(t.app.db, (trx) =>
      trx.selectFrom('audit_events').selectAll().where('tenant_id', '=', owner.tenantId).where('entity_id', '=', bayan.id).execute(),
    );
    assert.equal(audit[0]?.action, 'area.created');
    assert.deepEqual((audit[0]?.after as { path: string }).path, 'Cavite > Imus > Bayan Luma');
  });

  it('keeps names and codes unique per parent, not per tenant', async () => {
    const laguna = await create({ name: 'Laguna', code: 'LAG' });
    const batangas = await create({ name: 'Batangas', code: 'BAT' });
    await create({ name: 'Poblacion', code: 'POB', parentId: laguna.id });
    // Same name and code under another parent is fine.
    await create({ name: 'Poblacion', code: 'POB', parentId: batangas.id });
    const before = await countAreas(owner.tenantId);

    const dupName = await call(owner, 'POST', '/api/v1/areas', { name: 'POBLACION', parentId: laguna.id });
    assert.equal(dupName.statusCode, 422);
    assert.deepEqual(fieldsOf(dupName), ['name:taken']);
    const dupCode = await call(owner, 'POST', '/api/v1/areas', { name: 'Poblacion 2', code: 'pob', parentId: laguna.id });
    assert.equal(dupCode.statusCode, 422);
    assert.deepEqual(fieldsOf(dupCode), ['code:taken']);
    const dupTop = await call(owner, 'POST', '/api/v1/areas', { name: 'laguna' });
    assert.equal(dupTop.statusCode, 422, 'top-level names are unique too');
    assert.deepEqual(fieldsOf(dupTop), ['name:taken']);
    // Another tenant may use the same names.
    await create({ name: 'Laguna', code: 'LAG' }, other);
    assert.equal(await countAreas(owner.tenantId), before, 'nothing written');
  });

  it('reports every wrong field at once and writes nothing', async () => {
    const before = await countAreas(owner.tenantId);
    const foreign = await create({ name: `Foreign ${Date.now()}` }, other);
    const res = await call(owner, 'POST', '/api/v1/areas', { name: '  ', code: 'x'.repeat(41), kind: 'k'.repeat(41), parentId: foreign.id });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(fieldsOf(res), ['code:max_length', 'kind:max_length', 'name:required', 'parentId:unknown'], "another tenant's area is no parent");
    assert.equal(await countAreas(owner.tenantId), before);
  });

  it('moves an area and refuses self-parenting and cycles on parentId', async () => {
    const region = await create({ name: 'Region IV-A' });
    const city = await create({ name: 'Dasmariñas', parentId: region.id });
    const brgy = await create({ name: 'Salitran', parentId: city.id });
    const self = await call(owner, 'PATCH', `/api/v1/areas/${region.id}`, { parentId: region.id });
    assert.equal(self.statusCode, 422);
    assert.deepEqual(fieldsOf(self), ['parentId:self_parent']);
    const cycle = await call(owner, 'PATCH', `/api/v1/areas/${region.id}`, { parentId: brgy.id, name: 'Renamed too' });
    assert.equal(cycle.statusCode, 422);
    assert.deepEqual(fieldsOf(cycle), ['parentId:cycle']);
    assert.match(cycle.json<Problem>().detail, /inside this area/);
    const unchanged = (await call(owner, 'GET', `/api/v1/areas/${region.id}`)).json<Area>();
    assert.equal(unchanged.parentId, null);
    assert.equal(unchanged.name, 'Region IV-A', 'nothing of a refused edit is written');

    // A legal move re-derives the paths of everything below.
    const cavite = await create({ name: 'Cavite (moved)' });
    const moved = await call(owner, 'PATCH', `/api/v1/areas/${city.id}`, { parentId: cavite.id });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal((await call(owner, 'GET', `/api/v1/areas/${brgy.id}`)).json<Area>().path, 'Cavite (moved) > Dasmariñas > Salitran');
    t.clock.advance(1000); // so the two audit entries below have an order
    const toTop = await call(owner, 'PATCH', `/api/v1/areas/${city.id}`, { parentId: null });
    assert.equal(toTop.json<Area>().depth, 0);
    const audit = await withPlatform(t.app.db, (trx) =>
      trx.selectFrom('audit_events').select(['before', 'after']).where('tenant_id', '=', owner.tenantId).where('entity_id', '=', city.id).where('action', '=', 'area.moved').orderBy('occurred_at').execute(),
    );
    assert.equal(audit.length, 2);
    assert.equal((audit[0]?.before as { parentId: string }).parentId, region.id);
    assert.equal((audit[0]?.after as { parentId: string }).parentId, cavite.id);
  });

  it('deactivates a whole branch, hides it from the options, and reactivates top-down', async () => {
    const prov = await create({ name: 'Rizal' });
    const town = await create({ name: 'Antipolo', parentId: prov.id });
    const off = await call(owner, 'PATCH', `/api/v1/areas/${prov.id}`, { active: false });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json<Area>().active, false);
    assert.equal((await call(owner, 'GET', `/api/v1/areas/${town.id}`)).json<Area>().active, false, 'sub-areas go with it');

    const options = await withTenant(t.app.db, owner.tenantId, (trx) => listAreaOptions(ctxFor(trx, ['network.read'])));
    assert.ok(!options.some((o) => o.id === prov.id || o.id === town.id));
    assert.ok(options.some((o) => o.path === 'Cavite > Imus > Bayan Luma'), 'active areas are offered with their path');

    const underInactive = await call(owner, 'POST', '/api/v1/areas', { name: 'Taytay', parentId: prov.id });
    assert.equal(underInactive.statusCode, 422);
    assert.deepEqual(fieldsOf(underInactive), ['parentId:inactive']);
    const childFirst = await call(owner, 'PATCH', `/api/v1/areas/${town.id}`, { active: true });
    assert.equal(childFirst.statusCode, 409);
    assert.equal(childFirst.json<Problem>().code, 'area_parent_inactive');
    assert.equal((await call(owner, 'PATCH', `/api/v1/areas/${prov.id}`, { active: true })).json<Area>().active, true);
    assert.equal((await call(owner, 'PATCH', `/api/v1/areas/${town.id}`, { active: true })).json<Area>().active, true);
  });

  it('deletes only an unused area and says what uses one', async () => {
    const parent = await create({ name: 'Bulacan' });
    const child = await create({ name: 'Malolos', parentId: parent.id });
    const withKids = await call(owner, 'DELETE', `/api/v1/areas/${parent.id}`);
    assert.equal(withKids.statusCode, 409);
    assert.equal(withKids.json<Problem>().code, 'area_in_use');
    assert.match(withKids.json<Problem>().detail, /used by 1 sub-area/);

    await makeCustomer(t, owner, { area_id: child.id });
    await makeCustomer(t, owner, { area_id: child.id });
    await makePlantBranch(t, owner, { lcp: { area_id: child.id } });
    const used = await call(owner, 'DELETE', `/api/v1/areas/${child.id}`);
    assert.equal(used.statusCode, 409);
    assert.match(used.json<Problem>().detail, /used by 2 customers and 1 LCP/);

    const unused = await create({ name: 'Pampanga' });
    const gone = await call(owner, 'DELETE', `/api/v1/areas/${unused.id}`);
    assert.equal(gone.statusCode, 204);
    assert.equal((await call(owner, 'GET', `/api/v1/areas/${unused.id}`)).statusCode, 404);
    const audit = await withPlatform(t.app.db, (trx) =>
      trx.selectFrom('audit_events').select(['action', 'before']).where('tenant_id', '=', owner.tenantId).where('entity_id', '=', unused.id).where('action', '=', 'area.deleted').executeTakeFirst(),
    );
    assert.equal((audit?.before as { name: string }).name, 'Pampanga');
  });

  it('lists with filters, sorting and a cursor that neither skips nor repeats', async () => {
    const tenant = await signUpTenant(t, { companyName: 'List ISP' });
    const a = await create({ name: 'Alpha', code: 'A1' }, tenant);
    await create({ name: 'Alpha 2' }, tenant);
    await create({ name: 'Beta', parentId: a.id, kind: 'Ward' }, tenant);
    await create({ name: 'Gamma', parentId: a.id }, tenant);
    const off = await create({ name: 'Delta' }, tenant);
    await call(tenant, 'PATCH', `/api/v1/areas/${off.id}`, { active: false });

    const paths = async (query: string) => (await call(tenant, 'GET', `/api/v1/areas?${query}`)).json<{ items: Area[] }>().items.map((x) => x.path);
    // Tree order: a parent directly before its children, even before a sibling sharing its name's start.
    assert.deepEqual(await paths(''), ['Alpha', 'Alpha > Beta', 'Alpha > Gamma', 'Alpha 2', 'Delta']);
    assert.deepEqual(await paths('sort=name&dir=desc'), ['Alpha > Gamma', 'Delta', 'Alpha > Beta', 'Alpha 2', 'Alpha']);
    assert.deepEqual(await paths(`parentId=${a.id}`), ['Alpha > Beta', 'Alpha > Gamma']);
    assert.deepEqual(await paths('active=false'), ['Delta']);
    assert.deepEqual(await paths('q=a1'), ['Alpha'], 'matches the code');
    assert.deepEqual(await paths('q=alpha%20%3E%20g'), ['Alpha > Gamma'], 'matches the path');

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(tenant, 'GET', `/api/v1/areas?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const page = res.json<{ items: Area[]; nextCursor: string | null }>();
      seen.push(...page.items.map((x) => x.path));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ['Alpha', 'Alpha > Beta', 'Alpha > Gamma', 'Alpha 2', 'Delta']);
    assert.equal((await call(tenant, 'GET', '/api/v1/areas?cursor=bogus')).statusCode, 400);
  });

  it('lets one of two simultaneous identical adds win, and refuses a crossed pair of moves that would loop', async () => {
    const parent = await create({ name: 'Race Province' });
    const [first, second] = await Promise.all([
      call(owner, 'POST', '/api/v1/areas', { name: 'Same Town', parentId: parent.id }),
      call(owner, 'POST', '/api/v1/areas', { name: 'same town', parentId: parent.id }),
    ]);
    assert.deepEqual([first.statusCode, second.statusCode].sort(), [201, 422]);
    const loser = first.statusCode === 422 ? first : second;
    assert.deepEqual(fieldsOf(loser), ['name:taken']);

    const a = await create({ name: 'Loop A' });
    const b = await create({ name: 'Loop B' });
    const moves = await Promise.all([
      call(owner, 'PATCH', `/api/v1/areas/${a.id}`, { parentId: b.id }),
      call(owner, 'PATCH', `/api/v1/areas/${b.id}`, { parentId: a.id }),
    ]);
    assert.deepEqual(moves.map((r) => r.statusCode).sort(), [200, 422]);
    const refused = moves.find((r) => r.statusCode === 422);
    assert.ok(refused);
    assert.deepEqual(fieldsOf(refused), ['parentId:cycle']);
  });

  it('lets read-only staff read, refuses changes without areas.manage, and hides other tenants', async () => {
    const readOnly = await addStaff(t, owner, 'read_only');
    const support = await addStaff(t, owner, 'support');
    const area = await create({ name: 'Quezon' });
    assert.equal((await call(readOnly, 'GET', '/api/v1/areas')).statusCode, 200);
    assert.equal((await call(readOnly, 'GET', `/api/v1/areas/${area.id}`)).statusCode, 200);
    assert.equal((await call(support, 'POST', '/api/v1/areas', { name: 'Nope' })).statusCode, 403);
    assert.equal((await call(support, 'PATCH', `/api/v1/areas/${area.id}`, { name: 'Nope' })).statusCode, 403);
    assert.equal((await call(support, 'DELETE', `/api/v1/areas/${area.id}`)).statusCode, 403);
    assert.equal((await call(other, 'GET', `/api/v1/areas/${area.id}`)).statusCode, 404);
    assert.equal((await call(other, 'PATCH', `/api/v1/areas/${area.id}`, { name: 'Mine now' })).statusCode, 404);
    assert.equal((await call(owner, 'GET', `/api/v1/areas/${area.id}`)).json<Area>().name, 'Quezon');
    await assert.rejects(
      withTenant(t.app.db, owner.tenantId, (trx) => listAreaOptions(ctxFor(trx, ['users.read']))),
      (err: Error & { status?: number }) => err.status === 403,
    );
  });

  function ctxFor(trx: Parameters<Parameters<typeof withTenant>[2]>[0], permissions: Permission[]) {
    return {
      tenantId: owner.tenantId,
      trx,
      now: t.clock.now,
      actor: { type: 'user' as const, id: owner.userId, label: 'test', isOwner: false, permissions: new Set(permissions) },
    };
  }
});
