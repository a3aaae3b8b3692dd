/**
 * Plan changes and cancellation of postpaid services, day by day (issue 4 "Postpaid
 * services"): a change inside an invoiced period credits the old plan's unused days and
 * charges the new plan for them, by day, on the next recurring invoice or at once on a
 * plan-change invoice (company setting); a change at the end of the period is applied by
 * the run before it bills the next period; ending a service credits the unused days when
 * the company credits cancellations. Untaxed, PHP, anniversary, 7 days' terms.
 *
 * Fiber 50 costs 150000 and Fiber 100 240000 a month. A change on 11 March inside the
 * period 1 March to 1 April leaves 21 of its 31 days:
 *   Fiber 50:  150000 x 21 / 31 = 101612.90 -> 101613
 *   Fiber 100: 240000 x 21 / 31 = 162580.65 -> 162581
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { makeCustomer, makePlan, makeService } from '../../helpers/factories.ts';
import { changeServicePlan } from '../../../src/modules/services/change-service-plan.ts';
import { terminateService } from '../../../src/modules/services/terminate-service.ts';
import {
  asClerk,
  balanceOf,
  billingCompany,
  billNights,
  billOn,
  inCompany,
  invoicesOf,
  line,
  recurring,
  serviceState,
  setLocalTime,
  type Company,
  type CompanySettings,
  type InvoiceView,
  type LineView,
} from '../scenario-kit.ts';

const FIBER_50 = 150000;
const FIBER_100 = 240000;

const serviceLine = (plan: string, price: number, period: [string, string], shown: string): LineView =>
  line({ description: `${plan}, ${shown}`, period, unit: price, net: price, tax: 0, total: price });
const credit = (description: string, amount: number, period: [string, string]): LineView =>
  line({ kind: 'proration_credit', description, period, unit: amount, net: amount, tax: 0, total: amount });
const charge = (description: string, amount: number, period: [string, string]): LineView =>
  line({ kind: 'proration_charge', description, period, unit: amount, net: amount, tax: 0, total: amount });

const MARCH: [string, string] = ['2027-03-01', '2027-04-01'];
const APRIL: [string, string] = ['2027-04-01', '2027-05-01'];
const MAY: [string, string] = ['2027-05-01', '2027-06-01'];
const REST_OF_MARCH: [string, string] = ['2027-03-11', '2027-04-01'];

function month(number: string, issuedOn: string, dueOn: string, plan: string, price: number, period: [string, string], shown: string, status = 'open'): InvoiceView {
  return recurring({ number, issuedOn, dueOn, period, subtotal: price, tax: 0, total: price, status }, [serviceLine(plan, price, period, shown)]);
}

describe('plan changes and cancellation', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  /** A company with both plans and one postpaid service on `startPlan` from 1 March 2027, billed for March. */
  async function billedForMarch(settings: CompanySettings, startPlan: 'Fiber 50' | 'Fiber 100') {
    const company = await billingCompany(t, { policy: 'anniversary', ...settings });
    const fiber50 = await makePlan(t, company.owner, { name: 'Fiber 50', price_minor: FIBER_50 });
    const fiber100 = await makePlan(t, company.owner, { name: 'Fiber 100', price_minor: FIBER_100 });
    const customer = await makeCustomer(t, company.owner);
    const service = await makeService(t, company.owner, { customerId: customer.id, planId: startPlan === 'Fiber 50' ? fiber50.id : fiber100.id, start_on: '2027-03-01' });
    const price = startPlan === 'Fiber 50' ? FIBER_50 : FIBER_100;
    const march = month('INV-000001', '2027-03-01', '2027-03-08', startPlan, price, MARCH, '1 Mar 2027 to 31 Mar 2027');
    await billNights(t, company, customer.id, [{ on: '2027-03-01', made: [march], balance: price }]);
    return { company, customerId: customer.id, serviceId: service.id, fiber50: fiber50.id, fiber100: fiber100.id, march };
  }

  /** Staff move the service to `planId` at 10:00 local on `on`. */
  async function changePlan(company: Company, serviceId: string, planId: string, on: string, when: 'now' | 'period_end' = 'now') {
    setLocalTime(t, company, on, 10);
    return asClerk(t, company, (ctx) => changeServicePlan(ctx, { serviceId, planId, when, reason: 'customer asked' }));
  }

  it('upgrade on 11 March, next_invoice: a credit and a charge for 21 of 31 days ride on the April invoice', async () => {
    const s = await billedForMarch({ planChangeBilling: 'next_invoice' }, 'Fiber 50');
    await changePlan(s.company, s.serviceId, s.fiber100, '2027-03-11');
    // Nothing is invoiced at the change; the prorations wait for the next run.
    assert.deepEqual(await invoicesOf(t, s.company, s.customerId), [s.march]);
    assert.equal(await balanceOf(t, s.company, s.customerId), 150000);
    await billNights(t, s.company, s.customerId, [{ on: '2027-03-31', made: [], balance: 150000 }]);

    const summary = await billOn(t, s.company, '2027-04-01');
    assert.equal(summary.invoicesCreated, 1);
    const april = recurring({ number: 'INV-000002', issuedOn: '2027-04-01', dueOn: '2027-04-08', period: APRIL, subtotal: 300968, tax: 0, total: 300968 }, [
      serviceLine('Fiber 100', FIBER_100, APRIL, '1 Apr 2027 to 30 Apr 2027'),
      credit('Unused days of Fiber 50, 2027-03-11 to 2027-03-31', -101613, REST_OF_MARCH),
      charge('Fiber 100, 2027-03-11 to 2027-03-31', 162581, REST_OF_MARCH),
    ]);
    assert.deepEqual(await invoicesOf(t, s.company, s.customerId), [s.march, april]);
    // 150000 for March at Fiber 50, then 240000 for April and the 21-day difference 60968.
    assert.equal(await balanceOf(t, s.company, s.customerId), 450968);

    await billNights(t, s.company, s.customerId, [
      { on: '2027-05-01', made: [month('INV-000003', '2027-05-01', '2027-05-08', 'Fiber 100', FIBER_100, MAY, '1 May 2027 to 31 May 2027')], balance: 690968 },
    ]);
  });

  // Both charges of a change share created_at; with one service a wrong order would show
  // half the time, with six almost always.
  it('the credit and charge of a plan change sit on the next invoice in a fixed order (credit, then charge)', async () => {
    const company = await billingCompany(t, { policy: 'anniversary', planChangeBilling: 'next_invoice' });
    const fiber50 = await makePlan(t, company.owner, { name: 'Fiber 50', price_minor: FIBER_50 });
    const fiber100 = await makePlan(t, company.owner, { name: 'Fiber 100', price_minor: FIBER_100 });
    const services: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const customer = await makeCustomer(t, company.owner);
      services.push((await makeService(t, company.owner, { customerId: customer.id, planId: fiber50.id, start_on: '2027-03-01' })).id);
    }
    await billOn(t, company, '2027-03-01');
    for (const serviceId of services) await changePlan(company, serviceId, fiber100.id, '2027-03-11');
    await billOn(t, company, '2027-04-01');
    const orders = await inCompany(t, company, async (trx) =>
      (
        await trx
          .selectFrom('invoice_lines as l')
          .innerJoin('invoices as i', (j) => j.onRef('i.tenant_id', '=', 'l.tenant_id').onRef('i.id', '=', 'l.invoice_id'))
          .select(['i.number', 'l.kind'])
          .where('i.tenant_id', '=', company.tenantId)
          .where('i.period_start', '=', '2027-04-01')
          .orderBy('i.number')
          .orderBy('l.position')
          .execute()
      ).reduce<Record<string, string[]>>((acc, r) => ({ ...acc, [r.number ?? '']: [...(acc[r.number ?? ''] ?? []), r.kind] }), {}),
    );
    assert.equal(Object.keys(orders).length, 6);
    for (const kinds of Object.values(orders)) assert.deepEqual(kinds, ['service', 'proration_credit', 'proration_charge']);
  });

  it('upgrade on 11 March, immediate: a plan_change invoice that day, April at the new plan', async () => {
    const s = await billedForMarch({ planChangeBilling: 'immediate' }, 'Fiber 50');
    await changePlan(s.company, s.serviceId, s.fiber100, '2027-03-11');
    const planChange: InvoiceView = {
      number: 'INV-000002',
      kind: 'plan_change',
      status: 'open',
      issuedOn: '2027-03-11',
      dueOn: '2027-03-18',
      period: REST_OF_MARCH,
      subtotal: 60968,
      tax: 0,
      total: 60968,
      lines: [credit('Unused days of Fiber 50, 2027-03-11 to 2027-03-31', -101613, REST_OF_MARCH), charge('Fiber 100, 2027-03-11 to 2027-03-31', 162581, REST_OF_MARCH)],
    };
    assert.deepEqual(await invoicesOf(t, s.company, s.customerId), [s.march, planChange]);
    assert.equal(await balanceOf(t, s.company, s.customerId), 210968);
    // The same money as next_invoice, in two documents.
    await billNights(t, s.company, s.customerId, [
      { on: '2027-04-01', made: [month('INV-000003', '2027-04-01', '2027-04-08', 'Fiber 100', FIBER_100, APRIL, '1 Apr 2027 to 30 Apr 2027')], balance: 450968 },
    ]);
  });

  it('downgrade on 11 March, immediate: a negative plan_change invoice whose credit pays part of March', async () => {
    const s = await billedForMarch({ planChangeBilling: 'immediate' }, 'Fiber 100');
    await changePlan(s.company, s.serviceId, s.fiber50, '2027-03-11');
    const planChange: InvoiceView = {
      number: 'INV-000002',
      kind: 'plan_change',
      status: 'paid',
      issuedOn: '2027-03-11',
      dueOn: '2027-03-18',
      period: REST_OF_MARCH,
      subtotal: -60968,
      tax: 0,
      total: -60968,
      lines: [credit('Unused days of Fiber 100, 2027-03-11 to 2027-03-31', -162581, REST_OF_MARCH), charge('Fiber 50, 2027-03-11 to 2027-03-31', 101613, REST_OF_MARCH)],
    };
    assert.deepEqual(await invoicesOf(t, s.company, s.customerId), [{ ...s.march, status: 'partially_paid' }, planChange]);
    assert.equal(await balanceOf(t, s.company, s.customerId), 179032);
    await billNights(t, s.company, s.customerId, [
      { on: '2027-04-01', made: [month('INV-000003', '2027-04-01', '2027-04-08', 'Fiber 50', FIBER_50, APRIL, '1 Apr 2027 to 30 Apr 2027')], balance: 329032 },
    ]);
  });

  it('downgrade scheduled for the end of the period: no money now, the run switches the plan on 1 April and bills it', async () => {
    const s = await billedForMarch({ planChangeBilling: 'next_invoice' }, 'Fiber 100');
    await changePlan(s.company, s.serviceId, s.fiber50, '2027-03-11', 'period_end');
    const scheduled = await inCompany(t, s.company, (trx) =>
      trx.selectFrom('scheduled_plan_changes').select(['to_plan_id', 'effective_on', 'status']).where('tenant_id', '=', s.company.tenantId).where('service_id', '=', s.serviceId).execute(),
    );
    assert.deepEqual(scheduled, [{ to_plan_id: s.fiber50, effective_on: '2027-04-01', status: 'scheduled' }]);
    assert.deepEqual(await invoicesOf(t, s.company, s.customerId), [s.march]);

    await billNights(t, s.company, s.customerId, [
      { on: '2027-03-31', made: [], balance: 240000, planChangesApplied: 0 },
      { on: '2027-04-01', made: [month('INV-000002', '2027-04-01', '2027-04-08', 'Fiber 50', FIBER_50, APRIL, '1 Apr 2027 to 30 Apr 2027')], balance: 390000, planChangesApplied: 1 },
      { on: '2027-05-01', made: [month('INV-000003', '2027-05-01', '2027-05-08', 'Fiber 50', FIBER_50, MAY, '1 May 2027 to 31 May 2027')], balance: 540000, planChangesApplied: 0 },
    ]);
    const plan = await inCompany(t, s.company, (trx) => trx.selectFrom('services').select('plan_id').where('tenant_id', '=', s.company.tenantId).where('id', '=', s.serviceId).executeTakeFirstOrThrow());
    assert.equal(plan.plan_id, s.fiber50);
  });

  async function endService(company: Company, serviceId: string, on: string) {
    setLocalTime(t, company, on, 10);
    await asClerk(t, company, (ctx) => terminateService(ctx, { serviceId, endOn: on, reason: 'moving away' }));
  }

  const creditNotesOf = (company: Company, customerId: string) =>
    inCompany(t, company, async (trx) =>
      (
        await trx
          .selectFrom('credit_notes as c')
          .innerJoin('invoices as i', (j) => j.onRef('i.tenant_id', '=', 'c.tenant_id').onRef('i.id', '=', 'c.invoice_id'))
          .select(['c.number', 'c.kind', 'i.number as invoice', 'c.issued_on', 'c.subtotal_minor', 'c.tax_minor', 'c.total_minor', 'c.reason'])
          .where('c.tenant_id', '=', company.tenantId)
          .where('c.customer_id', '=', customerId)
          .orderBy('c.number_seq')
          .execute()
      ).map((c) => ({ ...c, subtotal_minor: Number(c.subtotal_minor), tax_minor: Number(c.tax_minor), total_minor: Number(c.total_minor) })),
    );

  it('cancellation on 21 March with prorated credit: a credit note for the 11 unused days, spent on March', async () => {
    const s = await billedForMarch({ cancellationCredit: 'prorated' }, 'Fiber 50');
    await endService(s.company, s.serviceId, '2027-03-21');
    // 21 to 31 March: 150000 x 11 / 31 = 53225.81 -> 53226.
    assert.deepEqual(await creditNotesOf(s.company, s.customerId), [
      {
        number: 'CN-000001',
        kind: 'cancellation',
        invoice: 'INV-000001',
        issued_on: '2027-03-21',
        subtotal_minor: 53226,
        tax_minor: 0,
        total_minor: 53226,
        reason: 'Fiber 50 ended on 2027-03-21: unused days 2027-03-21 to 2027-03-31 credited',
      },
    ]);
    assert.deepEqual(await invoicesOf(t, s.company, s.customerId), [{ ...s.march, status: 'partially_paid' }]);
    assert.equal(await balanceOf(t, s.company, s.customerId), 96774);
    // A terminated service is never billed again.
    await billNights(t, s.company, s.customerId, [{ on: '2027-04-01', made: [], balance: 96774 }]);
    assert.equal((await serviceState(t, s.company, s.serviceId)).status, 'terminated');
  });

  it('cancellation on 21 March without credit: no credit note, March stays owed in full', async () => {
    const s = await billedForMarch({ cancellationCredit: 'none' }, 'Fiber 50');
    await endService(s.company, s.serviceId, '2027-03-21');
    assert.deepEqual(await creditNotesOf(s.company, s.customerId), []);
    assert.deepEqual(await invoicesOf(t, s.company, s.customerId), [s.march]);
    await billNights(t, s.company, s.customerId, [{ on: '2027-04-01', made: [], balance: 150000 }]);
  });
});
