import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makePlantBranch } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';
import { parseMac } from './device-rules.ts';

describe('MAC addresses', () => {
  it('normalises every usual spelling to upper case with colons', () => {
    for (const raw of ['aa:bb:cc:dd:ee:f0', 'AA-BB-CC-DD-EE-F0', 'aabb.ccdd.eef0', 'AABBCCDDEEF0', '  aa:BB:cc:DD:ee:F0 ']) {
      assert.deepEqual(parseMac(raw), { ok: true, mac: 'AA:BB:CC:DD:EE:F0' }, raw);
    }
    assert.deepEqual(parseMac(''), { ok: true, mac: null });
  });

  it('refuses malformed, all-zero, broadcast and multicast addresses', () => {
    for (const raw of ['aa:bb:cc:dd:ee', 'aa:bb-cc:dd:ee:f0', 'gg:bb:cc:dd:ee:f0', 'aabbccddeef', 'aab.bcc.dde.ef0']) assert.equal(parseMac(raw).ok, false, raw);
    const rules = ['00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff', '01:00:5E:00:00:01'].map((raw) => {
      const r = parseMac(raw);
      return r.ok ? 'ok' : r.rule;
    });
    assert.deepEqual(rules, ['reserved', 'reserved', 'reserved']);
  });
});

describe('CPE inventory', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;
  let support: StaffSession;
  let readOnly: StaffSession;
  const count = (tenantId: string, table: 'cpe_devices' | 'cpe_device_events') =>
    withTenant(t.app.db, tenantId, async (trx) => Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n));

  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
    b = await signUpTenant(t, { companyName: 'Beta Fiber' });
    support = await addStaff(t, a, 'support');
    readOnly = await addStaff(t, a, 'read_only');
  });
  after(async () => {
    await t.close();
  });

  it('receives a device with a normalised serial and MAC, a history event and an audit entry', async () => {
    const res = await asStaff(t, a, { method: 'POST', url: '/api/v1/devices', payload: { kind: 'router', brand: ' TP-Link ', model: 'Archer C6', serialNumber: ' tpl-0001 ', macAddress: 'a0-b1-c2-d3-e4-f6' } });
    assert.equal(res.statusCode, 201, res.body);
    const device = res.json();
    assert.equal(device.serialNumber, 'TPL-0001');
    assert.equal(device.macAddress, 'A0:B1:C2:D3:E4:F6');
    assert.equal(device.status, 'in_stock');
    const got = (await asStaff(t, a, { method: 'GET', url: `/api/v1/devices/${device.id}` })).json();
    assert.deepEqual(
      got.history.map((e: { event: string; toStatus: string }) => [e.event, e.toStatus]),
      [['received', 'in_stock']],
    );
    const audit = await withTenant(t.app.db, a.tenantId, (trx) => trx.selectFrom('audit_events').select(['action', 'after']).where('tenant_id', '=', a.tenantId).where('entity_id', '=', device.id).execute());
    assert.deepEqual(
      audit.map((e) => e.action),
      ['cpe_device.received'],
    );
  });

  it('refuses a serial or MAC already in stock (in any spelling), naming each field, and writes nothing', async () => {
    const devicesBefore = await count(a.tenantId, 'cpe_devices');
    const eventsBefore = await count(a.tenantId, 'cpe_device_events');
    const res = await asStaff(t, a, { method: 'POST', url: '/api/v1/devices', payload: { brand: 'X', model: 'Y', serialNumber: 'Tpl-0001', macAddress: 'a0b1.c2d3.e4f6' } });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json().errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`).sort(), ['macAddress:taken', 'serialNumber:taken']);
    const bad = await asStaff(t, a, { method: 'POST', url: '/api/v1/devices', payload: { brand: '', model: '', serialNumber: 'NEW-1', macAddress: 'ff:ff:ff:ff:ff:ff' } });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().errors.map((e: { field: string }) => e.field).sort(), ['brand', 'macAddress', 'model']);
    assert.equal(await count(a.tenantId, 'cpe_devices'), devicesBefore);
    assert.equal(await count(a.tenantId, 'cpe_device_events'), eventsBefore);
    // Another company may hold the same serial and MAC.
    const other = await asStaff(t, b, { method: 'POST', url: '/api/v1/devices', payload: { brand: 'X', model: 'Y', serialNumber: 'TPL-0001', macAddress: 'A0:B1:C2:D3:E4:F6' } });
    assert.equal(other.statusCode, 201, other.body);
  });

  it('edits a device, refusing a serial another device has, and records an edited event', async () => {
    const one = (await asStaff(t, a, { method: 'POST', url: '/api/v1/devices', payload: { brand: 'Huawei', model: 'HG8145', serialNumber: 'HW-EDIT-1' } })).json();
    const taken = await asStaff(t, a, { method: 'PATCH', url: `/api/v1/devices/${one.id}`, payload: { brand: 'Huawei', model: 'HG8145', serialNumber: 'tpl-0001' } });
    assert.equal(taken.statusCode, 422);
    assert.equal(taken.json().errors[0].field, 'serialNumber');
    // History is ordered by time; the test clock stands still unless moved.
    t.clock.advance(60_000);
    const ok = await asStaff(t, a, { method: 'PATCH', url: `/api/v1/devices/${one.id}`, payload: { brand: 'Huawei', model: 'HG8245H', serialNumber: 'HW-EDIT-1', macAddress: '02:11:22:33:44:55', notes: 'relabelled' } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().macAddress, '02:11:22:33:44:55');
    const history = (await asStaff(t, a, { method: 'GET', url: `/api/v1/devices/${one.id}` })).json().history;
    assert.equal(history.at(-1).event, 'edited');
    assert.match(history.at(-1).note, /model/);
  });

  it('changes status between stock statuses, but an installed device only leaves through its installation', async () => {
    const device = (await asStaff(t, a, { method: 'POST', url: '/api/v1/devices', payload: { brand: 'ZTE', model: 'F670', serialNumber: 'ZTE-ST-1' } })).json();
    const faulty = await asStaff(t, a, { method: 'POST', url: `/api/v1/devices/${device.id}/status`, payload: { status: 'faulty', note: 'no power' } });
    assert.equal(faulty.statusCode, 200, faulty.body);
    assert.equal(faulty.json().status, 'faulty');
    const installedByHand = await asStaff(t, a, { method: 'POST', url: `/api/v1/devices/${device.id}/status`, payload: { status: 'installed' } });
    assert.equal(installedByHand.statusCode, 422);

    const customer = await makeCustomer(t, a);
    const branch = await makePlantBranch(t, a);
    const stocked = (await asStaff(t, a, { method: 'POST', url: '/api/v1/devices', payload: { brand: 'ZTE', model: 'F670', serialNumber: 'ZTE-ST-2' } })).json();
    const inst = await asStaff(t, a, { method: 'POST', url: '/api/v1/installations', payload: { customerId: customer.id, napPortId: branch.ports[0]!.id, cpeDeviceIds: [stocked.id, device.id] } });
    assert.equal(inst.statusCode, 422, 'a faulty device cannot be installed');
    assert.match(inst.json().errors[0].message, /ZTE-ST-1 is faulty/);
    const ok = await asStaff(t, a, { method: 'POST', url: '/api/v1/installations', payload: { customerId: customer.id, napPortId: branch.ports[0]!.id, cpeDeviceIds: [stocked.id] } });
    assert.equal(ok.statusCode, 201, ok.body);
    const refused = await asStaff(t, a, { method: 'POST', url: `/api/v1/devices/${stocked.id}/status`, payload: { status: 'retired' } });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'device_installed');
    const page = await asStaff(t, a, { method: 'GET', url: `/app/devices/${stocked.id}`, headers: { accept: 'text/html' } });
    assert.match(page.body, /Installed/);
    assert.match(page.body, new RegExp(customer.display_name));
  });

  it('lists with search (MAC without separators too), filters, sorting, pages and CSV', async () => {
    const byMac = (await asStaff(t, a, { method: 'GET', url: '/api/v1/devices?q=a0b1c2' })).json();
    assert.deepEqual(
      byMac.items.map((d: { serialNumber: string }) => d.serialNumber),
      ['TPL-0001'],
    );
    const faulty = (await asStaff(t, a, { method: 'GET', url: '/api/v1/devices?status=faulty' })).json();
    assert.deepEqual(
      faulty.items.map((d: { serialNumber: string }) => d.serialNumber),
      ['ZTE-ST-1'],
    );
    const sorted = (await asStaff(t, a, { method: 'GET', url: '/api/v1/devices?sort=serial&dir=asc&limit=2' })).json();
    assert.equal(sorted.items.length, 2);
    const next = (await asStaff(t, a, { method: 'GET', url: `/api/v1/devices?sort=serial&dir=asc&limit=2&cursor=${sorted.nextCursor}` })).json();
    const serials = [...sorted.items, ...next.items].map((d: { serialNumber: string }) => d.serialNumber);
    assert.deepEqual(serials, [...serials].sort());
    const csv = await asStaff(t, a, { method: 'GET', url: '/app/devices?format=csv&kind=router' });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /TPL-0001/);
  });

  it('re-renders the form with messages on a 422 and saves nothing', async () => {
    const before = await count(a.tenantId, 'cpe_devices');
    const res = await asStaff(t, a, {
      method: 'POST',
      url: '/app/devices',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({ _csrf: a.csrf, kind: 'onu', brand: 'Nokia', model: '', serialNumber: 'NK-1', macAddress: 'zz' }).toString(),
    });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Model is required/);
    assert.match(res.body, /value="NK-1"/);
    assert.equal(await count(a.tenantId, 'cpe_devices'), before);
    const ok = await asStaff(t, a, {
      method: 'POST',
      url: '/app/devices',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: a.csrf, kind: 'onu', brand: 'Nokia', model: 'G-140W', serialNumber: 'nk-1', macAddress: '' }).toString(),
    });
    assert.equal(ok.statusCode, 303);
  });

  it('lets readers see the inventory, refuses writers without inventory.manage, and hides other companies’ devices', async () => {
    const list = await asStaff(t, readOnly, { method: 'GET', url: '/api/v1/devices' });
    assert.equal(list.statusCode, 200);
    assert.equal((await asStaff(t, support, { method: 'POST', url: '/api/v1/devices', payload: { brand: 'X', model: 'Y', serialNumber: 'NOPE-1' } })).statusCode, 403);
    assert.equal((await asStaff(t, readOnly, { method: 'GET', url: '/app/devices/new', headers: { accept: 'text/html' } })).statusCode, 403);
    const theirs = (await asStaff(t, b, { method: 'GET', url: '/api/v1/devices' })).json().items[0];
    assert.equal((await asStaff(t, a, { method: 'GET', url: `/api/v1/devices/${theirs.id}` })).statusCode, 404);
    assert.equal((await asStaff(t, a, { method: 'POST', url: `/api/v1/devices/${theirs.id}/status`, payload: { status: 'retired' } })).statusCode, 404);
  });
});
