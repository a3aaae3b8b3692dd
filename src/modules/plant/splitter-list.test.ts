import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makeInstallation, makePlantBranch } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';

interface Splitter {
  id: string;
  code: string;
  lcpCode: string;
  active: boolean;
  capacity: { total: number; used: number; free: number };
}

describe('splitters list: API, page and CSV', () => {
  let t: TestApp;
  let a: StaffSession;
  let other: StaffSession;
  // Alpha: LCP-A with SP-A1 (NAP of 2 ports, both taken) and SP-A2 (2 ports, free); LCP-B with SP-B1, inactive.
  let full: string;
  let free: string;
  let inactive: string;
  let lcpA: string;

  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
    other = await signUpTenant(t, { companyName: 'Other ISP' });
    const first = await makePlantBranch(t, a, { napPorts: 2, lcp: { code: 'LCP-A' }, splitter: { code: 'SP-A1', lcp_port: 1 } });
    lcpA = first.lcp.id;
    for (const port of first.ports) {
      const customer = await makeCustomer(t, a);
      await makeInstallation(t, a, { customerId: customer.id, napPortId: port.id });
    }
    full = first.splitter.id;
    free = await withTenant(t.app.db, a.tenantId, async (trx) => {
      const sp = await trx
        .insertInto('splitters')
        .values({ tenant_id: a.tenantId, lcp_id: lcpA, code: 'SP-A2', ratio: 16, lcp_port: 2, external_ref: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const nap = await trx
        .insertInto('naps')
        .values({ tenant_id: a.tenantId, splitter_id: sp.id, code: 'NAP-A2', name: '', splitter_port: 1, port_count: 2, latitude: null, longitude: null, external_ref: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('nap_ports')
        .values([1, 2].map((p) => ({ tenant_id: a.tenantId, nap_id: nap.id, port_number: p })))
        .execute();
      return sp.id;
    });
    const third = await makePlantBranch(t, a, { lcp: { code: 'LCP-B' }, splitter: { code: 'SP-B1', active: false } });
    inactive = third.splitter.id;
    await makePlantBranch(t, other, { lcp: { code: 'LCP-A' }, splitter: { code: 'SP-A9' } });
  });
  after(async () => {
    await t.close();
  });

  const list = async (query = '') => {
    const res = await asStaff(t, a, { method: 'GET', url: `/api/v1/splitters${query ? `?${query}` : ''}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ items: Splitter[]; nextCursor: string | null }>();
  };
  const codes = async (query = '') => (await list(query)).items.map((s) => s.code);

  it('searches by splitter code or LCP code and filters by LCP, active and free ports, tenant-scoped', async () => {
    assert.deepEqual(await codes(), ['SP-A1', 'SP-A2', 'SP-B1']);
    assert.deepEqual(await codes('q=a2'), ['SP-A2']);
    assert.deepEqual(await codes('q=lcp-b'), ['SP-B1']);
    assert.deepEqual(await codes(`lcpId=${lcpA}`), ['SP-A1', 'SP-A2']);
    assert.deepEqual(await codes('active=false'), ['SP-B1']);
    assert.deepEqual(await codes('hasFreePorts=true'), ['SP-A2']);
    assert.deepEqual(await codes('hasFreePorts=false'), ['SP-A1', 'SP-B1']);
    const items = (await list()).items;
    assert.deepEqual(
      items.map((s) => [s.id, s.capacity.total, s.capacity.used, s.capacity.free]),
      [
        [full, 2, 2, 0],
        [free, 2, 0, 2],
        [inactive, 8, 0, 0],
      ],
    );
    const bad = await asStaff(t, a, { method: 'GET', url: '/api/v1/splitters?sort=colour' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /sort/);
  });

  it('sorts by code, ratio and creation in either direction with keyset pages that never skip or repeat', async () => {
    assert.deepEqual(await codes('sort=code&dir=desc'), ['SP-B1', 'SP-A2', 'SP-A1']);
    assert.deepEqual((await codes('sort=ratio&dir=desc'))[0], 'SP-A2');
    for (const query of ['sort=branch', 'sort=code&dir=desc', 'sort=ratio', 'sort=created&dir=desc']) {
      const all = await codes(query);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Splitter[]; nextCursor: string | null } = await list(`${query}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...page.items.map((s) => s.code));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, all, query);
    }
  });

  it('shows a list page with the same filters and capacity, linked from the network page, and exports CSV', async () => {
    const network = await asStaff(t, a, { method: 'GET', url: '/app/network', headers: { accept: 'text/html' } });
    assert.match(network.body, /href="\/app\/network\/splitters"/);

    const page = await asStaff(t, a, { method: 'GET', url: `/app/network/splitters?hasFree=true&lcpId=${lcpA}`, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`data-splitter-id="${free}"`));
    assert.doesNotMatch(page.body, new RegExp(`data-splitter-id="${full}"`));
    assert.match(page.body, /name="q"/);
    assert.match(page.body, /name="active"/);
    assert.match(page.body, /1:16/);

    const sorted = await asStaff(t, a, { method: 'GET', url: '/app/network/splitters?q=sp-a&sort=code&dir=desc', headers: { accept: 'text/html' } });
    assert.ok(sorted.body.indexOf(free) < sorted.body.indexOf(full), 'SP-A2 before SP-A1');

    const csv = await asStaff(t, a, { method: 'GET', url: '/app/network/splitters?format=csv&active=true' });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    assert.equal(lines[0], 'lcp,lcp_port,code,ratio,active,ports,used,out_of_service,free,notes,external_ref');
    assert.deepEqual(lines.slice(1), ['LCP-A,1,SP-A1,8,yes,2,2,0,0,,', 'LCP-A,2,SP-A2,16,yes,2,0,0,2,,']);

    const theirs = await asStaff(t, other, { method: 'GET', url: '/app/network/splitters', headers: { accept: 'text/html' } });
    assert.match(theirs.body, /SP-A9/);
    assert.doesNotMatch(theirs.body, /SP-A1|SP-A2/);
  });
});
