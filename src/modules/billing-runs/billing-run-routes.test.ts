import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makePlan, makeService } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';

describe('billing run routes', () => {
  let t: TestApp;
  let owner: StaffSession;
  let serviceId: string;
  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t);
    const plan = await makePlan(t, owner, { price_minor: 120000 });
    const customer = await makeCustomer(t, owner, { first_name: 'Rosa', last_name: 'Reyes' });
    serviceId = (await makeService(t, owner, { customerId: customer.id, planId: plan.id, start_on: '2026-11-28' })).id;
    // A prepaid service paid until tomorrow: the dry run for tomorrow says it would expire.
    await makeService(t, owner, { customerId: customer.id, planId: plan.id, billing_mode: 'prepaid', start_on: '2026-10-28', billed_until: '2026-11-28', anchor_day: 28 });
  });
  after(() => t.close());

  it('previews tomorrow without writing anything', async () => {
    // The clock says 2026-11-27 11:00 in Manila: tomorrow is the 28th, the service's first day.
    const res = await asStaff(t, owner, { method: 'GET', url: '/api/v1/billing-runs/preview' });
    assert.equal(res.statusCode, 200, res.body);
    const preview = res.json();
    assert.equal(preview.billOn, '2026-11-28');
    assert.equal(preview.invoiceCount, 1);
    assert.equal(preview.totalMinor, 120000);
    assert.equal(preview.invoices[0].periodStart, '2026-11-28');
    assert.equal(preview.invoices[0].periodEnd, '2026-12-28');
    assert.equal(preview.expiring.length, 1);
    const written = await withTenant(t.app.db, owner.tenantId, async (trx) => (await sql<{ n: number }>`select (select count(*) from invoices) + (select count(*) from billing_runs) as n`.execute(trx)).rows[0]);
    assert.equal(Number(written?.n), 0);

    const page = await asStaff(t, owner, { method: 'GET', url: '/app/billing/preview?date=2026-11-28' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /1 invoice, ₱1,200\.00/);
  });

  it('refuses a date that is not one, naming the field', async () => {
    const res = await asStaff(t, owner, { method: 'POST', url: '/api/v1/billing-runs', payload: { date: '2026-02-30' } });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().errors[0].field, 'date');
    const page = await asStaff(t, owner, { method: 'GET', url: '/app/billing/preview?date=tomorrow' });
    assert.equal(page.statusCode, 422);
  });

  it('runs billing for a date, lists the run with what it made, and a repeat makes nothing', async () => {
    const res = await asStaff(t, owner, { method: 'POST', url: '/api/v1/billing-runs', payload: { date: '2026-11-28' } });
    assert.equal(res.statusCode, 201, res.body);
    const run = res.json();
    assert.equal(run.status, 'completed');
    assert.equal(run.invoicesCreated, 1);
    assert.deepEqual(run.totals, { PHP: 120000 });
    assert.equal(run.servicesExpired, 1);
    assert.equal(run.trigger, 'staff');

    const detail = await asStaff(t, owner, { method: 'GET', url: `/api/v1/billing-runs/${run.id}` });
    assert.equal(detail.statusCode, 200);
    assert.equal(detail.json().invoices.length, 1);
    assert.equal(detail.json().invoices[0].customerName, 'Rosa Reyes');

    const page = await asStaff(t, owner, { method: 'POST', url: '/app/billing/runs', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${owner.csrf}&date=2026-11-28` });
    assert.equal(page.statusCode, 303);
    const again = await asStaff(t, owner, { method: 'GET', url: String(page.headers.location) });
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /Billing run for 2026-11-28/);
    const list = await asStaff(t, owner, { method: 'GET', url: '/api/v1/billing-runs' });
    assert.deepEqual(list.json().items.map((r: { invoicesCreated: number }) => r.invoicesCreated), [0, 1]);
    const service = await withTenant(t.app.db, owner.tenantId, (trx) => trx.selectFrom('services').select(['billed_until', 'anchor_day']).where('id', '=', serviceId).executeTakeFirstOrThrow());
    assert.deepEqual(service, { billed_until: '2026-12-28', anchor_day: 28 });
  });

  it('lets support staff see runs but not start one', async () => {
    const support = await addStaff(t, owner, 'support');
    assert.equal((await asStaff(t, support, { method: 'GET', url: '/app/billing' })).statusCode, 200);
    assert.equal((await asStaff(t, support, { method: 'POST', url: '/api/v1/billing-runs', payload: {} })).statusCode, 403);
    assert.equal((await asStaff(t, support, { method: 'GET', url: '/api/v1/billing-runs/preview' })).statusCode, 403);
  });
});
