import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeArea, makeCustomer, makeDevice, makeInstallation, makePlan, makePlantBranch, makeService, type PlantBranch } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';

describe('installations: field work after booking', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;
  let tech: StaffSession;
  let branch: PlantBranch;

  const serviceRow = (id: string) =>
    withTenant(t.app.db, a.tenantId, (trx) => trx.selectFrom('services').select(['status', 'end_on']).where('tenant_id', '=', a.tenantId).where('id', '=', id).executeTakeFirstOrThrow());
  const auditOf = (entityId: string) =>
    withTenant(t.app.db, a.tenantId, (trx) => trx.selectFrom('audit_events').select(['action', 'before', 'after']).where('tenant_id', '=', a.tenantId).where('entity_id', '=', entityId).orderBy('occurred_at').execute());

  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
    b = await signUpTenant(t, { companyName: 'Beta Fiber' });
    tech = await addStaff(t, a, 'technician');
    branch = await makePlantBranch(t, a, { napPorts: 8 });
  });
  after(async () => {
    await t.close();
  });

  describe('swapping CPE', () => {
    const device = (id: string) => asStaff(t, a, { method: 'GET', url: `/api/v1/devices/${id}` }).then((r) => r.json());

    it('adds in-stock devices and removes others (to stock or faulty) in one action, with history and audit', async () => {
      const customer = await makeCustomer(t, a);
      const inst = await makeInstallation(t, a, { customerId: customer.id, napPortId: branch.ports[3]!.id, status: 'suspended' });
      const oldOnu = await makeDevice(t, a, { status: 'installed', installation_id: inst.id });
      const oldRouter = await makeDevice(t, a, { status: 'installed', installation_id: inst.id });
      const kept = await makeDevice(t, a, { status: 'installed', installation_id: inst.id });
      const fresh = await makeDevice(t, a);
      const res = await asStaff(t, tech, {
        method: 'POST',
        url: `/api/v1/installations/${inst.id}/devices`,
        payload: { add: [fresh.id], remove: [{ deviceId: oldOnu.id, condition: 'faulty' }, { deviceId: oldRouter.id, condition: 'in_stock' }], note: 'lightning' },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().devices.map((d: { id: string }) => d.id).sort(), [fresh.id, kept.id].sort());
      const onu = await device(oldOnu.id);
      assert.deepEqual([onu.status, onu.installationId], ['faulty', null]);
      assert.deepEqual(onu.history.map((e: { event: string; toStatus: string }) => [e.event, e.toStatus]), [['removed', 'faulty']]);
      assert.match(onu.history[0].note, /lightning/);
      assert.equal((await device(oldRouter.id)).status, 'in_stock');
      const added = await device(fresh.id);
      assert.deepEqual([added.status, added.installationId], ['installed', inst.id]);
      assert.deepEqual(added.history.map((e: { event: string }) => e.event), ['installed']);
      const audit = (await auditOf(inst.id)).at(-1);
      assert.equal(audit?.action, 'installation.devices_swapped');
      assert.deepEqual((audit?.before as { cpeDeviceIds: string[] }).cpeDeviceIds, [oldOnu.id, oldRouter.id, kept.id].sort());
      assert.deepEqual((audit?.after as { cpeDeviceIds: string[] }).cpeDeviceIds, [fresh.id, kept.id].sort());
    });

    it('refuses a device of another company, one not in stock and one not at this installation, naming the field and moving nothing', async () => {
      const customer = await makeCustomer(t, a);
      const inst = await makeInstallation(t, a, { customerId: customer.id, napPortId: branch.ports[4]!.id, status: 'active' });
      const mine = await makeDevice(t, a, { status: 'installed', installation_id: inst.id });
      const theirs = await makeDevice(t, b);
      const faulty = await makeDevice(t, a, { status: 'faulty' });
      const stock = await makeDevice(t, a);
      const other = await makeInstallation(t, a, { customerId: customer.id, status: 'active' });
      const elsewhere = await makeDevice(t, a, { status: 'installed', installation_id: other.id });
      const cross = await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${inst.id}/devices`, payload: { add: [theirs.id, stock.id], remove: [{ deviceId: mine.id, condition: 'in_stock' }] } });
      assert.equal(cross.statusCode, 422);
      assert.deepEqual(cross.json().errors.map((e: { field: string }) => e.field), ['add']);
      const notInStock = await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${inst.id}/devices`, payload: { add: [faulty.id], remove: [{ deviceId: elsewhere.id, condition: 'in_stock' }] } });
      assert.equal(notInStock.statusCode, 422);
      assert.deepEqual(notInStock.json().errors.map((e: { field: string }) => e.field).sort(), ['add', 'remove']);
      assert.equal((await device(stock.id)).status, 'in_stock');
      assert.equal((await device(mine.id)).status, 'installed');
      assert.equal((await device(elsewhere.id)).installationId, other.id);
      const empty = await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${inst.id}/devices`, payload: {} });
      assert.equal(empty.statusCode, 422);
      const ended = await makeInstallation(t, a, { customerId: customer.id, status: 'terminated' });
      assert.equal((await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${ended.id}/devices`, payload: { add: [stock.id] } })).statusCode, 409);
      assert.equal((await asStaff(t, b, { method: 'POST', url: `/api/v1/installations/${inst.id}/devices`, payload: { add: [theirs.id] } })).statusCode, 404);
    });

    it('the installation page swaps through its form and re-renders errors on a 422', async () => {
      const customer = await makeCustomer(t, a);
      const inst = await makeInstallation(t, a, { customerId: customer.id, napPortId: branch.ports[5]!.id, status: 'active' });
      const onWall = await makeDevice(t, a, { status: 'installed', installation_id: inst.id });
      const stock = await makeDevice(t, a);
      const page = await asStaff(t, a, { method: 'GET', url: `/app/installations/${inst.id}`, headers: { accept: 'text/html' } });
      assert.match(page.body, new RegExp(`name="remove_${onWall.id}"`));
      assert.match(page.body, new RegExp(stock.serial_number));
      const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
      const bad = await asStaff(t, a, { method: 'POST', url: `/app/installations/${inst.id}/devices`, headers, payload: new URLSearchParams({ _csrf: a.csrf, [`remove_${onWall.id}`]: 'faulty', add: onWall.id }).toString() });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /cannot be added and removed/);
      assert.equal((await device(onWall.id)).status, 'installed');
      const good = await asStaff(t, a, { method: 'POST', url: `/app/installations/${inst.id}/devices`, headers, payload: new URLSearchParams({ _csrf: a.csrf, [`remove_${onWall.id}`]: 'faulty', add: stock.id, note: 'dead ONU' }).toString() });
      assert.equal(good.statusCode, 303, good.body);
      assert.equal((await device(onWall.id)).status, 'faulty');
      assert.equal((await device(stock.id)).installationId, inst.id);
    });
  });

  describe('editing', () => {
    it('a new installation at the customer’s location takes the customer’s location notes', async () => {
      const customer = await makeCustomer(t, a, { latitude: 14.2, longitude: 121.2, location_notes: 'red gate' });
      const res = await asStaff(t, a, { method: 'POST', url: '/api/v1/installations', payload: { customerId: customer.id } });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().locationNotes, 'red gate');
    });

    it('a new installation at a location of its own keeps the landmarks given with it, API and form', async () => {
      const customer = await makeCustomer(t, a, { latitude: 14.2, longitude: 121.2, location_notes: 'red gate' });
      const api = await asStaff(t, a, { method: 'POST', url: '/api/v1/installations', payload: { customerId: customer.id, latitude: 14.25, longitude: 121.25, locationAccuracy: 'exact', locationNotes: 'pole 17, green box' } });
      assert.equal(api.statusCode, 201, api.body);
      assert.deepEqual([api.json().latitude, api.json().locationAccuracy, api.json().locationNotes], [14.25, 'exact', 'pole 17, green box']);

      const blank = await asStaff(t, a, { method: 'GET', url: `/app/installations/new?customerId=${customer.id}`, headers: { accept: 'text/html' } });
      assert.match(blank.body, /name="locationNotes"/, 'the form has the landmarks field');
      const page = await asStaff(t, a, {
        method: 'POST',
        url: '/app/installations',
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: a.csrf, customerId: customer.id, latitude: '14.3', longitude: '121.3', locationAccuracy: 'manual', locationNotes: 'behind the chapel' }).toString(),
      });
      assert.equal(page.statusCode, 303, page.body);
      const id = /\/app\/installations\/([0-9a-f-]{36})/.exec(String(page.headers.location))?.[1];
      const saved = await asStaff(t, a, { method: 'GET', url: `/api/v1/installations/${id}` });
      assert.deepEqual([saved.json().latitude, saved.json().locationAccuracy, saved.json().locationNotes], [14.3, 'manual', 'behind the chapel']);
    });

    it('PATCH changes address, location with accuracy and notes, technician and notes, audited before and after', async () => {
      const customer = await makeCustomer(t, a);
      const inst = await makeInstallation(t, a, { customerId: customer.id, status: 'active', service_address: 'Old St', latitude: 14.1, longitude: 121.1 });
      const res = await asStaff(t, a, {
        method: 'PATCH',
        url: `/api/v1/installations/${inst.id}`,
        payload: { serviceAddress: ' 5 New St ', latitude: '14.5', longitude: 121.25, locationAccuracy: 'exact', locationNotes: 'green gate', technicianId: tech.userId, notes: 'dog' },
      });
      assert.equal(res.statusCode, 200, res.body);
      const got = res.json();
      assert.deepEqual(
        [got.serviceAddress, got.latitude, got.longitude, got.locationAccuracy, got.locationNotes, got.technicianId, got.notes],
        ['5 New St', 14.5, 121.25, 'exact', 'green gate', tech.userId, 'dog'],
      );
      const audit = (await auditOf(inst.id)).at(-1);
      assert.equal(audit?.action, 'installation.updated');
      assert.equal((audit?.before as { serviceAddress: string }).serviceAddress, 'Old St');
      assert.equal((audit?.after as { locationNotes: string }).locationNotes, 'green gate');
      const partial = (await asStaff(t, a, { method: 'PATCH', url: `/api/v1/installations/${inst.id}`, payload: { notes: 'no dog' } })).json();
      assert.deepEqual([partial.serviceAddress, partial.latitude, partial.notes], ['5 New St', 14.5, 'no dog']);
      const cleared = (await asStaff(t, a, { method: 'PATCH', url: `/api/v1/installations/${inst.id}`, payload: { latitude: null, longitude: null } })).json();
      assert.deepEqual([cleared.latitude, cleared.longitude], [null, null]);
    });

    it('refuses bad fields all at once saving nothing, terminated installations (409) and other companies (404)', async () => {
      const customer = await makeCustomer(t, a);
      const inst = await makeInstallation(t, a, { customerId: customer.id, status: 'scheduled', completed_on: null, service_address: 'Keep St' });
      const bad = await asStaff(t, a, { method: 'PATCH', url: `/api/v1/installations/${inst.id}`, payload: { serviceAddress: 'Changed', latitude: 95, longitude: 121, locationAccuracy: 'guess', technicianId: b.userId } });
      assert.equal(bad.statusCode, 422);
      assert.deepEqual(bad.json().errors.map((e: { field: string }) => e.field).sort(), ['latitude', 'locationAccuracy', 'technicianId']);
      assert.equal((await asStaff(t, a, { method: 'GET', url: `/api/v1/installations/${inst.id}` })).json().serviceAddress, 'Keep St');
      const ended = await makeInstallation(t, a, { customerId: customer.id, status: 'terminated', ended_on: '2026-11-22' });
      assert.equal((await asStaff(t, a, { method: 'PATCH', url: `/api/v1/installations/${ended.id}`, payload: { notes: 'x' } })).statusCode, 409);
      const cancelled = await makeInstallation(t, a, { customerId: customer.id, status: 'cancelled', completed_on: null });
      assert.equal((await asStaff(t, a, { method: 'PATCH', url: `/api/v1/installations/${cancelled.id}`, payload: { notes: 'x' } })).statusCode, 409);
      assert.equal((await asStaff(t, a, { method: 'GET', url: `/app/installations/${ended.id}/edit`, headers: { accept: 'text/html' } })).statusCode, 409);
      assert.equal((await asStaff(t, b, { method: 'PATCH', url: `/api/v1/installations/${inst.id}`, payload: { notes: 'x' } })).statusCode, 404);
    });

    it('the edit page shows the location picker, re-renders a 422 with the values and messages, and saves a good form', async () => {
      const customer = await makeCustomer(t, a);
      const inst = await makeInstallation(t, a, { customerId: customer.id, status: 'active', service_address: 'Form St' });
      const page = await asStaff(t, a, { method: 'GET', url: `/app/installations/${inst.id}/edit`, headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /data-location-picker/);
      assert.match(page.body, /name="locationNotes"/);
      assert.match(page.body, /value="Form St"/);
      const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
      const fields = { serviceAddress: 'Typed St', latitude: '14.6', longitude: '', locationAccuracy: '', locationNotes: 'blue gate', technicianId: '', notes: '' };
      const bad = await asStaff(t, a, { method: 'POST', url: `/app/installations/${inst.id}/edit`, headers, payload: new URLSearchParams({ _csrf: a.csrf, ...fields }).toString() });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /Give both latitude and longitude/);
      assert.match(bad.body, /value="Typed St"/);
      assert.equal((await asStaff(t, a, { method: 'GET', url: `/api/v1/installations/${inst.id}` })).json().serviceAddress, 'Form St');
      const good = await asStaff(t, a, { method: 'POST', url: `/app/installations/${inst.id}/edit`, headers, payload: new URLSearchParams({ _csrf: a.csrf, ...fields, longitude: '121.0' }).toString() });
      assert.equal(good.statusCode, 303, good.body);
      const saved = (await asStaff(t, a, { method: 'GET', url: `/api/v1/installations/${inst.id}` })).json();
      assert.deepEqual([saved.serviceAddress, saved.latitude, saved.longitude, saved.locationNotes], ['Typed St', 14.6, 121, 'blue gate']);
    });
  });

  describe('list filters by area and plan', () => {
    it('filters the API, the page and the CSV by the customer’s area (or below) and by a live service’s plan', async () => {
      const province = await makeArea(t, a, { name: 'Filter Province' });
      const city = await makeArea(t, a, { name: 'Filter City', parent_id: province.id });
      const elsewhere = await makeArea(t, a, { name: 'Elsewhere' });
      const plan = await makePlan(t, a, { name: 'Filter Plan 77' });
      const inCity = await makeCustomer(t, a, { area_id: city.id, first_name: 'Cityfolk', last_name: 'Filter' });
      const inProvince = await makeCustomer(t, a, { area_id: province.id });
      const outside = await makeCustomer(t, a, { area_id: elsewhere.id });
      const i1 = await makeInstallation(t, a, { customerId: inCity.id, status: 'active' });
      const i2 = await makeInstallation(t, a, { customerId: inProvince.id, status: 'active' });
      const i3 = await makeInstallation(t, a, { customerId: outside.id, status: 'active' });
      await makeService(t, a, { customerId: inCity.id, planId: plan.id, installation_id: i1.id, status: 'active' });
      await makeService(t, a, { customerId: inProvince.id, planId: plan.id, installation_id: i2.id, status: 'terminated', end_on: '2026-11-20' });
      await makeService(t, a, { customerId: outside.id, planId: plan.id, installation_id: i3.id, status: 'pending' });
      const ids = async (query: string) =>
        ((await asStaff(t, a, { method: 'GET', url: `/api/v1/installations?${query}` })).json().items as { id: string }[]).map((i) => i.id).sort();
      assert.deepEqual(await ids(`areaId=${province.id}`), [i1.id, i2.id].sort());
      assert.deepEqual(await ids(`areaId=${city.id}`), [i1.id]);
      assert.deepEqual(await ids(`planId=${plan.id}`), [i1.id, i3.id].sort());
      assert.deepEqual(await ids(`planId=${plan.id}&areaId=${province.id}`), [i1.id]);
      const csv = await asStaff(t, a, { method: 'GET', url: `/app/installations?format=csv&areaId=${province.id}&planId=${plan.id}` });
      assert.equal(csv.statusCode, 200);
      const lines = csv.body.trim().split('\r\n');
      assert.equal(lines.length, 2);
      assert.match(lines[1]!, /Cityfolk Filter/);
      const page = await asStaff(t, a, { method: 'GET', url: `/app/installations?areaId=${city.id}`, headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /name="areaId"/);
      assert.match(page.body, /Filter Plan 77/);
      assert.match(page.body, new RegExp(`data-installation-id="${i1.id}"`));
      assert.doesNotMatch(page.body, new RegExp(`data-installation-id="${i2.id}"`));
      // Tenant B's area id finds nothing in A.
      const theirArea = await makeArea(t, b, { name: 'Theirs' });
      assert.deepEqual(await ids(`areaId=${theirArea.id}`), []);
    });
  });

  describe('moving to another port', () => {
    it('the installation page offers the cascading picker opened on the current port, and the fragment keeps that port selectable', async () => {
      const customer = await makeCustomer(t, a);
      const port = branch.ports[6]!;
      const inst = await makeInstallation(t, a, { customerId: customer.id, napPortId: port.id, status: 'active' });
      const page = await asStaff(t, a, { method: 'GET', url: `/app/installations/${inst.id}`, headers: { accept: 'text/html' } });
      assert.match(page.body, new RegExp(`action="/app/installations/${inst.id}/port"[\\s\\S]*hx-get="/app/network/picker\\?napPortId=${port.id}"`));
      const fragment = await asStaff(t, a, { method: 'GET', url: `/app/network/picker?napPortId=${port.id}`, headers: { accept: 'text/html' } });
      assert.match(fragment.body, /data-testid="port-grid"/);
      assert.match(fragment.body, new RegExp(`value="${port.id}" checked/>`));
    });

    it('a suspended installation moves too, under the same port checks, and stays suspended', async () => {
      const spare = await makePlantBranch(t, a, { napPorts: 4 });
      const customer = await makeCustomer(t, a, { status: 'suspended' });
      const inst = await makeInstallation(t, a, { customerId: customer.id, napPortId: spare.ports[0]!.id, status: 'suspended' });
      const holder = await makeCustomer(t, a);
      await makeInstallation(t, a, { customerId: holder.id, napPortId: spare.ports[1]!.id, status: 'active' });
      await withTenant(t.app.db, a.tenantId, (trx) =>
        trx.updateTable('nap_ports').set({ out_of_service: true }).where('tenant_id', '=', a.tenantId).where('id', '=', spare.ports[2]!.id).execute(),
      );
      const move = (napPortId: string, who = a) => asStaff(t, who, { method: 'POST', url: `/api/v1/installations/${inst.id}/port`, payload: { napPortId } });

      const page = await asStaff(t, a, { method: 'GET', url: `/app/installations/${inst.id}`, headers: { accept: 'text/html' } });
      assert.match(page.body, new RegExp(`action="/app/installations/${inst.id}/port"`));

      const taken = await move(spare.ports[1]!.id);
      assert.equal(taken.statusCode, 422, taken.body);
      assert.deepEqual(taken.json().errors.map((e: { field: string }) => e.field), ['napPortId']);
      assert.match(taken.body, new RegExp(`Port 2 of NAP ${spare.nap.code} is taken by customer ${holder.account_number}`));
      const broken = await move(spare.ports[2]!.id);
      assert.equal(broken.statusCode, 422);
      assert.match(broken.body, /out of service/);
      assert.equal((await move(spare.ports[3]!.id, b)).statusCode, 404);

      const moved = await move(spare.ports[3]!.id);
      assert.equal(moved.statusCode, 200, moved.body);
      assert.deepEqual([moved.json().status, moved.json().portNumber], ['suspended', 4]);
      const audit = await auditOf(inst.id);
      assert.equal(audit.at(-1)?.action, 'installation.port_changed');
      // The old port is free again.
      const next = await makeCustomer(t, a);
      const booked = await asStaff(t, a, { method: 'POST', url: '/api/v1/installations', payload: { customerId: next.id, napPortId: spare.ports[0]!.id } });
      assert.equal(booked.statusCode, 201, booked.body);
    });
  });

  describe('ending an installation ends its services', () => {
    it('terminate ends every live service on it, same date and reason, audited; other services are untouched', async () => {
      const customer = await makeCustomer(t, a);
      const plan = await makePlan(t, a);
      const inst = await makeInstallation(t, a, { customerId: customer.id, napPortId: branch.ports[0]!.id, status: 'active' });
      const active = await makeService(t, a, { customerId: customer.id, planId: plan.id, installation_id: inst.id, status: 'active', start_on: '2026-11-01' });
      const suspended = await makeService(t, a, { customerId: customer.id, planId: plan.id, installation_id: inst.id, status: 'suspended', start_on: '2026-11-01' });
      const pendingLater = await makeService(t, a, { customerId: customer.id, planId: plan.id, installation_id: inst.id, status: 'pending', start_on: '2026-12-15' });
      const elsewhere = await makeService(t, a, { customerId: customer.id, planId: plan.id, status: 'active' });
      // The technician has installations.manage but not services.manage: ending the line must still end billing.
      const res = await asStaff(t, tech, { method: 'POST', url: `/api/v1/installations/${inst.id}/terminate`, payload: { endedOn: '2026-11-25', reason: 'moved away' } });
      assert.equal(res.statusCode, 200, res.body);
      for (const s of [active, suspended]) assert.deepEqual(await serviceRow(s.id), { status: 'terminated', end_on: '2026-11-25' });
      assert.deepEqual(await serviceRow(pendingLater.id), { status: 'terminated', end_on: '2026-12-15' }, 'a service not yet started ends on its start date');
      assert.deepEqual(await serviceRow(elsewhere.id), { status: 'active', end_on: null });
      const audit = await auditOf(active.id);
      assert.equal(audit.at(-1)?.action, 'service.terminated');
      assert.equal((audit.at(-1)?.before as { status: string }).status, 'active');
      assert.equal((audit.at(-1)?.after as { reason: string }).reason, 'moved away');
      const instAudit = await auditOf(inst.id);
      assert.deepEqual(((instAudit.at(-1)?.after as { terminatedServiceIds: string[] }).terminatedServiceIds ?? []).length, 3);
    });

    it('cancel ends services booked on it today; a refused terminate ends nothing', async () => {
      const customer = await makeCustomer(t, a);
      const plan = await makePlan(t, a);
      const scheduled = await makeInstallation(t, a, { customerId: customer.id, napPortId: branch.ports[1]!.id, status: 'scheduled', completed_on: null });
      const pending = await makeService(t, a, { customerId: customer.id, planId: plan.id, installation_id: scheduled.id, status: 'pending', start_on: '2026-11-20' });
      const badDate = await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${scheduled.id}/terminate`, payload: { reason: 'x' } });
      assert.equal(badDate.statusCode, 409);
      assert.equal((await serviceRow(pending.id)).status, 'pending');
      const res = await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${scheduled.id}/cancel`, payload: { reason: 'changed mind' } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(await serviceRow(pending.id), { status: 'terminated', end_on: '2026-11-27' });
    });

    it('suspend and resume leave services alone (billing drives service suspension)', async () => {
      const customer = await makeCustomer(t, a);
      const plan = await makePlan(t, a);
      const inst = await makeInstallation(t, a, { customerId: customer.id, napPortId: branch.ports[2]!.id, status: 'active' });
      const service = await makeService(t, a, { customerId: customer.id, planId: plan.id, installation_id: inst.id, status: 'active' });
      assert.equal((await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${inst.id}/suspend`, payload: { reason: 'site flooded' } })).statusCode, 200);
      assert.equal((await serviceRow(service.id)).status, 'active');
      assert.equal((await asStaff(t, a, { method: 'POST', url: `/api/v1/installations/${inst.id}/resume` })).statusCode, 200);
      assert.equal((await serviceRow(service.id)).status, 'active');
    });
  });
});
