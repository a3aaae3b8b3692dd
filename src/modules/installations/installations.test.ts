import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makeDevice, makePlantBranch, type PlantBranch } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';
import { listStatusChanges } from '../customers/customers-repository.ts';

const form = (csrf: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams({ _csrf: csrf });
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return body.toString();
};

describe('installations', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;
  let tech: StaffSession;
  let support: StaffSession;
  let branch: PlantBranch;
  const installationCount = () =>
    withTenant(t.app.db, a.tenantId, async (trx) => Number((await trx.selectFrom('installations').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', a.tenantId).executeTakeFirstOrThrow()).n));

  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
    b = await signUpTenant(t, { companyName: 'Beta Fiber' });
    tech = await addStaff(t, a, 'technician');
    support = await addStaff(t, a, 'support');
    branch = await makePlantBranch(t, a, { napPorts: 4 });
  });
  after(async () => {
    await t.close();
  });

  it('books an installation on a free port with CPE and a technician, defaulting address and location from the customer', async () => {
    const customer = await makeCustomer(t, a, { service_address: '12 Mabini St', latitude: 14.5, longitude: 121.0, location_accuracy: 'exact' });
    const device = await makeDevice(t, a);
    const res = await asStaff(t, a, {
      method: 'POST',
      url: '/api/v1/installations',
      payload: { customerId: customer.id, napPortId: branch.ports[0]!.id, cpeDeviceIds: [device.id], technicianId: tech.userId, scheduledOn: '2026-11-30' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const inst = res.json();
    assert.equal(inst.status, 'scheduled');
    assert.equal(inst.serviceAddress, '12 Mabini St');
    assert.deepEqual([inst.latitude, inst.longitude, inst.locationAccuracy], [14.5, 121.0, 'exact']);
    assert.equal(inst.portNumber, 1);
    assert.equal(inst.napCode, branch.nap.code);
    const got = (await asStaff(t, a, { method: 'GET', url: `/api/v1/installations/${inst.id}` })).json();
    assert.deepEqual(
      got.devices.map((d: { id: string; status: string }) => [d.id, d.status]),
      [[device.id, 'installed']],
    );
    const mine = (await asStaff(t, tech, { method: 'GET', url: '/api/v1/installations?mine=true' })).json();
    assert.deepEqual(
      mine.items.map((i: { id: string }) => i.id),
      [inst.id],
    );
  });

  it('refuses a taken port, a device not in stock, a technician of another company and a bad date, all at once, writing nothing', async () => {
    const customer = await makeCustomer(t, a);
    const installed = await withTenant(t.app.db, a.tenantId, (trx) => trx.selectFrom('cpe_devices').select('id').where('tenant_id', '=', a.tenantId).where('status', '=', 'installed').executeTakeFirstOrThrow());
    const before = await installationCount();
    const res = await asStaff(t, a, {
      method: 'POST',
      url: '/api/v1/installations',
      payload: { customerId: customer.id, napPortId: branch.ports[0]!.id, cpeDeviceIds: [installed.id], technicianId: b.userId, scheduledOn: '2026-02-30' },
    });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json().errors.map((e: { field: string }) => e.field).sort(), ['cpeDeviceIds', 'napPortId', 'scheduledOn', 'technicianId']);
    assert.match(res.json().errors.find((e: { field: string }) => e.field === 'napPortId').message, /taken/);
    assert.equal(await installationCount(), before);
  });

  it('completes an installation and turns a lead into an active customer with a status-history row', async () => {
    const lead = await makeCustomer(t, a, { status: 'lead' });
    const inst = (await asStaff(t, a, { method: 'POST', url: '/api/v1/installations', payload: { customerId: lead.id, napPortId: branch.ports[1]!.id } })).json();
    const future = await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${inst.id}/complete`, payload: { completedOn: '2027-01-01' } });
    assert.equal(future.statusCode, 422);
    const done = await asStaff(t, tech, { method: 'POST', url: `/api/v1/installations/${inst.id}/complete` });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().status, 'active');
    assert.equal(done.json().completedOn, '2026-11-27');
    // Read the way the customer page reads it: the frozen test clock gives both rows one instant.
    const history = await withTenant(t.app.db, a.tenantId, (trx) => listStatusChanges(trx, a.tenantId, lead.id));
    assert.deepEqual(
      history.map((h) => [h.fromStatus, h.toStatus, h.reason]),
      [
        [null, 'lead', ''],
        ['lead', 'active', 'Installation completed'],
      ],
    );
    const again = await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${inst.id}/complete` });
    assert.equal(again.statusCode, 409);
  });

  it('terminates: frees the port (which can be taken again) and returns each CPE to stock with a removed event', async () => {
    const customer = await makeCustomer(t, a);
    const onu = await makeDevice(t, a);
    const router = await makeDevice(t, a);
    const port = branch.ports[2]!.id;
    const inst = (await asStaff(t, a, { method: 'POST', url: '/api/v1/installations', payload: { customerId: customer.id, napPortId: port, cpeDeviceIds: [onu.id, router.id], status: 'active' } })).json();
    assert.equal(inst.status, 'active');
    const suspended = await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${inst.id}/suspend`, payload: { reason: 'unpaid' } });
    assert.equal(suspended.json().status, 'suspended');
    assert.equal((await asStaff(t, a, { method: 'POST', url: '/api/v1/installations', payload: { customerId: customer.id, napPortId: port } })).statusCode, 422, 'a suspended installation still holds its port');
    t.clock.advance(60_000);
    const ended = await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${inst.id}/terminate`, payload: { reason: 'moved away' } });
    assert.equal(ended.statusCode, 200, ended.body);
    assert.equal(ended.json().status, 'terminated');
    assert.equal(ended.json().endedOn, '2026-11-27');
    for (const device of [onu, router]) {
      const d = (await asStaff(t, a, { method: 'GET', url: `/api/v1/devices/${device.id}` })).json();
      assert.equal(d.status, 'in_stock');
      assert.equal(d.installationId, null);
      assert.deepEqual(
        d.history.map((e: { event: string }) => e.event),
        ['installed', 'removed'],
      );
      assert.equal(d.history[1].customerId, customer.id);
    }
    const other = await makeCustomer(t, a);
    const retaken = await asStaff(t, a, { method: 'POST', url: '/api/v1/installations', payload: { customerId: other.id, napPortId: port, cpeDeviceIds: [onu.id] } });
    assert.equal(retaken.statusCode, 201, retaken.body);
    assert.equal((await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${inst.id}/resume` })).statusCode, 409);
  });

  it('cancels a scheduled installation, freeing its port and CPE; moves another to a free port only', async () => {
    const customer = await makeCustomer(t, a);
    const device = await makeDevice(t, a);
    const small = await makePlantBranch(t, a, { napPorts: 2 });
    const first = (await asStaff(t, a, { method: 'POST', url: '/api/v1/installations', payload: { customerId: customer.id, napPortId: small.ports[0]!.id, cpeDeviceIds: [device.id] } })).json();
    const second = (await asStaff(t, a, { method: 'POST', url: '/api/v1/installations', payload: { customerId: customer.id, napPortId: small.ports[1]!.id } })).json();
    const clash = await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${second.id}/port`, payload: { napPortId: small.ports[0]!.id } });
    assert.equal(clash.statusCode, 422);
    assert.equal(clash.json().errors[0].field, 'napPortId');
    const cancelled = await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${first.id}/cancel`, payload: { reason: 'customer changed mind' } });
    assert.equal(cancelled.json().status, 'cancelled');
    assert.equal((await asStaff(t, a, { method: 'GET', url: `/api/v1/devices/${device.id}` })).json().status, 'in_stock');
    const moved = await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${second.id}/port`, payload: { napPortId: small.ports[0]!.id } });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().portNumber, 1);
    const resched = await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${second.id}/schedule`, payload: { scheduledOn: '2026-12-03', technicianId: tech.userId } });
    assert.equal(resched.json().technicianName !== null, true);
    assert.equal(resched.json().scheduledOn, '2026-12-03');
  });

  it('lists with filters and sorting, and exports CSV', async () => {
    const byNap = (await asStaff(t, a, { method: 'GET', url: `/api/v1/installations?napId=${branch.nap.id}&status=terminated` })).json();
    assert.equal(byNap.items.length, 1);
    const byLcp = (await asStaff(t, a, { method: 'GET', url: `/api/v1/installations?lcpId=${branch.lcp.id}&sort=customer&dir=asc` })).json();
    assert.ok(byLcp.items.length >= 3);
    const names = byLcp.items.map((i: { customerName: string }) => i.customerName.toLowerCase());
    assert.deepEqual(names, [...names].sort());
    const dated = (await asStaff(t, a, { method: 'GET', url: '/api/v1/installations?scheduledFrom=2026-11-30&scheduledTo=2026-11-30' })).json();
    assert.equal(dated.items.length, 1);
    const csv = await asStaff(t, a, { method: 'GET', url: '/app/installations?format=csv&status=cancelled' });
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.body.trim().split('\r\n').length, 2);
    const page = await asStaff(t, a, { method: 'GET', url: '/app/installations?mine=1', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
  });

  it('the new-installation form books one and re-renders with messages on a 422, saving nothing', async () => {
    const customer = await makeCustomer(t, a, { service_address: '9 Rizal Ave' });
    const device = await makeDevice(t, a);
    const page = await asStaff(t, a, { method: 'GET', url: `/app/installations/new?customerId=${customer.id}`, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-testid="port-picker"/);
    assert.match(page.body, new RegExp(device.serial_number));
    const before = await installationCount();
    const bad = await asStaff(t, a, {
      method: 'POST',
      url: '/app/installations',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: form(a.csrf, { customerId: customer.id, napPortId: branch.ports[0]!.id, cpeDeviceIds: [device.id], latitude: '95', longitude: '121', scheduledOn: '2026-12-01' }),
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Latitude must be/);
    assert.match(bad.body, /taken/);
    assert.equal(await installationCount(), before);
    const good = await asStaff(t, a, {
      method: 'POST',
      url: '/app/installations',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(a.csrf, { customerId: customer.id, napPortId: branch.ports[3]!.id, cpeDeviceIds: [device.id], scheduledOn: '2026-12-01' }),
    });
    assert.equal(good.statusCode, 303, good.body);
    const show = await asStaff(t, a, { method: 'GET', url: String(good.headers.location), headers: { accept: 'text/html' } });
    assert.match(show.body, /9 Rizal Ave/);
    assert.match(show.body, new RegExp(device.serial_number));
  });

  it('refuses staff without installations.manage and hides other companies’ installations', async () => {
    const customer = await makeCustomer(t, a);
    assert.equal((await asStaff(t, support, { method: 'POST', url: '/api/v1/installations', payload: { customerId: customer.id } })).statusCode, 403);
    assert.equal((await asStaff(t, support, { method: 'GET', url: '/api/v1/installations' })).statusCode, 200);
    const theirCustomer = await makeCustomer(t, b);
    const theirs = (await asStaff(t, b, { method: 'POST', url: '/api/v1/installations', payload: { customerId: theirCustomer.id } })).json();
    assert.equal((await asStaff(t, a, { method: 'GET', url: `/api/v1/installations/${theirs.id}` })).statusCode, 404);
    assert.equal((await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${theirs.id}/cancel` })).statusCode, 404);
    const crossCustomer = await asStaff(t, a, { method: 'POST', url: '/api/v1/installations', payload: { customerId: theirCustomer.id } });
    assert.equal(crossCustomer.statusCode, 422);
    assert.equal(crossCustomer.json().errors[0].field, 'customerId');
  });
});
