import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { sql } from 'kysely';
import { withTenant } from '../../db/tenancy.ts';
import { makeArea, makeCustomer, makeInstallation, makePlan, makePlantBranch, makeService } from '../../../test/helpers/factories.ts';

interface Item {
  id: string;
  accountNumber: string;
  displayName: string;
}

describe('customer search, filters, sorting and pages', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;
  const ids: Record<string, string> = {};
  let accountOfMaria = '';

  async function search(query: string, who: StaffSession = a): Promise<Item[]> {
    const res = await asStaff(t, who, { method: 'GET', url: `/api/v1/customers?limit=200&${query}` });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { items: Item[] }).items;
  }
  const names = (items: Item[]) => items.map((i) => i.displayName).sort();

  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
    b = await signUpTenant(t, { companyName: 'Beta Fiber' });
    const make = async (key: string, payload: Record<string, unknown>) => {
      const res = await asStaff(t, a, { method: 'POST', url: '/api/v1/customers', payload });
      assert.equal(res.statusCode, 201, res.body);
      ids[key] = res.json().id;
      return res.json() as Item;
    };
    accountOfMaria = (await make('maria', { firstName: 'Maria', lastName: 'Dela Cruz', phone: '0917 123 4567', email: 'maria.dc@globe.ph', tags: ['vip'] })).accountNumber;
    await make('wanjiku', { firstName: 'Wanjiku', lastName: 'Kamau', phone: '+254722000111', email: 'wkamau@safaricom.ke', status: 'active' });
    await make('acme', { companyName: 'Acme 100% Rice_Mill', phone: '(02) 8123-4567', status: 'suspended' });
    await make('juan', { firstName: 'Juan', lastName: 'Cruz', email: 'juan@example.ph' });
    // Same names in the other tenant: never found from tenant A.
    for (const who of [b]) {
      for (const payload of [{ firstName: 'Maria', lastName: 'Dela Cruz', phone: '0917 123 4567', email: 'maria.dc@globe.ph' }, { firstName: 'Wanjiku', lastName: 'Kamau' }]) {
        const res = await asStaff(t, who, { method: 'POST', url: '/api/v1/customers', payload });
        assert.equal(res.statusCode, 201);
      }
    }
  });
  after(async () => {
    await t.close();
  });

  it('finds by name fragment, surname, company, account number, phone (as typed or digits) and e-mail part', async () => {
    assert.deepEqual(names(await search('q=mari')), ['Maria Dela Cruz']);
    assert.deepEqual(names(await search('q=KAMAU')), ['Wanjiku Kamau']);
    assert.deepEqual(names(await search('q=cruz')), ['Juan Cruz', 'Maria Dela Cruz']);
    assert.deepEqual(names(await search('q=cruz%20juan')), ['Juan Cruz'], 'every word must appear, in any order');
    assert.deepEqual(names(await search(`q=${encodeURIComponent(accountOfMaria)}`)), ['Maria Dela Cruz']);
    assert.deepEqual(names(await search('q=09171234567')), ['Maria Dela Cruz'], 'digits find a phone typed with spaces');
    assert.deepEqual(names(await search(`q=${encodeURIComponent('0917-123-4567')}`)), ['Maria Dela Cruz'], 'other separators too');
    assert.deepEqual(names(await search('q=722000')), ['Wanjiku Kamau']);
    assert.deepEqual(names(await search(`q=${encodeURIComponent('+63 917 123 4567')}`)), ['Maria Dela Cruz'], 'the international form finds a number kept in the national one');
    assert.deepEqual(names(await search(`q=${encodeURIComponent('0722 000 111')}`)), ['Wanjiku Kamau'], 'and the national form one kept as +254...');
    assert.deepEqual(names(await search('q=81234567')), ['Acme 100% Rice_Mill']);
    assert.deepEqual(names(await search('q=safaricom')), ['Wanjiku Kamau']);
    assert.deepEqual(names(await search('q=globe.ph')), ['Maria Dela Cruz']);
    assert.deepEqual(await search('q=zzzz-nobody'), []);
  });

  it('matches % and _ literally, not as wildcards', async () => {
    assert.deepEqual(names(await search(`q=${encodeURIComponent('100%')}`)), ['Acme 100% Rice_Mill']);
    assert.deepEqual(names(await search(`q=${encodeURIComponent('e_m')}`)), ['Acme 100% Rice_Mill']);
    assert.deepEqual(await search(`q=${encodeURIComponent('%')}%20nobody`), []);
    assert.deepEqual(await search(`q=${encodeURIComponent('m_r')}`), [], '_ does not stand for the a in maria');
  });

  it('never returns another tenant’s customer', async () => {
    const fromA = await search('q=maria');
    assert.equal(fromA.length, 1);
    assert.equal(fromA[0]?.id, ids.maria);
    const fromB = await search('q=maria', b);
    assert.equal(fromB.length, 1);
    assert.notEqual(fromB[0]?.id, ids.maria);
    assert.equal((await search('q=juan', b)).length, 0);
  });

  it('customer_search_ids answers only for the transaction’s own tenant, and nothing without one', async () => {
    const ids = (trx: Parameters<Parameters<typeof withTenant>[2]>[0], tenantId: string) =>
      sql<{ id: string }>`select id from customer_search_ids(${tenantId}, array['%maria%'])`.execute(trx).then((r) => r.rows.length);
    assert.equal(await withTenant(t.app.db, a.tenantId, (trx) => ids(trx, a.tenantId)), 1);
    assert.equal(await withTenant(t.app.db, a.tenantId, (trx) => ids(trx, b.tenantId)), 0, 'tenant A cannot search tenant B');
    const noTenant = await t.app.db.kysely.transaction().execute(async (trx) => {
      await sql`select set_config('role', 'lastmile_app', true)`.execute(trx);
      return (await sql<{ id: string }>`select id from customer_search_ids(${b.tenantId}, array['%maria%'])`.execute(trx)).rows.length;
    });
    assert.equal(noTenant, 0, 'fails closed without app.tenant_id');
  });

  it('filters by status, tag, area with its sub-areas, plan and NAP', async () => {
    assert.deepEqual(names(await search('status=suspended')), ['Acme 100% Rice_Mill']);
    assert.deepEqual(names(await search('tag=VIP')), ['Maria Dela Cruz']);

    const province = await makeArea(t, a, { name: 'Cavite' });
    const town = await makeArea(t, a, { name: 'Bacoor', parent_id: province.id });
    const barangay = await makeArea(t, a, { name: 'Molino III', parent_id: town.id });
    const other = await makeArea(t, a, { name: 'Laguna' });
    const inBarangay = await makeCustomer(t, a, { first_name: 'Deep', last_name: 'Down', area_id: barangay.id });
    const inTown = await makeCustomer(t, a, { first_name: 'Mid', last_name: 'Town', area_id: town.id });
    await makeCustomer(t, a, { first_name: 'Else', last_name: 'Where', area_id: other.id });
    assert.deepEqual(names(await search(`areaId=${province.id}`)), [inBarangay.display_name, inTown.display_name].sort());
    assert.deepEqual(names(await search(`areaId=${barangay.id}`)), [inBarangay.display_name]);

    const plan = await makePlan(t, a);
    await makeService(t, a, { customerId: String(ids.wanjiku), planId: plan.id });
    await makeService(t, a, { customerId: String(ids.juan), planId: plan.id, status: 'terminated', end_on: '2026-11-20' });
    assert.deepEqual(names(await search(`planId=${plan.id}`)), ['Wanjiku Kamau'], 'a terminated service does not count');

    const branch = await makePlantBranch(t, a, { napPorts: 4 });
    await makeInstallation(t, a, { customerId: String(ids.maria), napPortId: branch.ports[0]?.id ?? null });
    await makeInstallation(t, a, { customerId: String(ids.juan), napPortId: branch.ports[1]?.id ?? null, status: 'cancelled' });
    assert.deepEqual(names(await search(`napId=${branch.nap.id}`)), ['Maria Dela Cruz']);
    assert.deepEqual(names(await search(`napId=${branch.nap.id}&q=wanjiku`)), []);
  });

  it('refuses a bad filter with the parameter named', async () => {
    for (const [query, field] of [
      ['areaId=nope', 'areaId'],
      ['status=gone', 'status'],
      ['sort=shoe', 'sort'],
    ]) {
      const res = await asStaff(t, a, { method: 'GET', url: `/api/v1/customers?${query}` });
      assert.equal(res.statusCode, 422, query);
      assert.match(res.body, new RegExp(String(field)));
    }
  });

  it('pages through every sort in both directions without skipping or repeating', async () => {
    const all = await search('');
    assert.ok(all.length >= 7);
    for (const sort of ['name', 'account', 'created', 'status']) {
      for (const dir of ['asc', 'desc']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const url: string = `/api/v1/customers?limit=2&sort=${sort}&dir=${dir}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const res = await asStaff(t, a, { method: 'GET', url });
          assert.equal(res.statusCode, 200, res.body);
          const body = res.json() as { items: Item[]; nextCursor: string | null };
          seen.push(...body.items.map((i) => i.id));
          cursor = body.nextCursor;
        } while (cursor);
        assert.equal(seen.length, all.length, `${sort} ${dir}`);
        assert.equal(new Set(seen).size, all.length, `${sort} ${dir} repeats`);
      }
    }
    const byName = (await search('sort=name')).map((i) => i.displayName.toLowerCase());
    assert.deepEqual(byName, [...byName].sort());
    const byAccountDesc = (await search('sort=account&dir=desc')).map((i) => i.accountNumber);
    assert.deepEqual(byAccountDesc, [...byAccountDesc].sort().reverse());
  });
});
