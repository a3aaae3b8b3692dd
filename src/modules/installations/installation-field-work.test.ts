import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makeInstallation, makePlan, makePlantBranch, makeService, type PlantBranch } from '../../../test/helpers/factories.ts';
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
      void b;
    });
  });
});
