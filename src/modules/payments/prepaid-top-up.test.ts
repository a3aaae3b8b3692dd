import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makePlan, makeService } from '../../../test/helpers/factories.ts';
import { expirePrepaidServices } from '../billing-runs/expire-prepaid-services.ts';
import { account, asOwner, countRows, getJson, invoiceState, issueInvoice, postJson } from './payments-test-kit.ts';

interface TopUp {
  payment: { id: string; serviceId: string; amountMinor: number };
  receipt: { id: string; number: string; content: { applied: { invoiceNumber: string; amountMinor: number }[]; creditMinor: number; prepaid: { serviceLabel: string; from: string; until: string } | null } };
  invoice: { id: string; number: string };
  purchase: { from: string; until: string; anchorDay: number; periods: number; days: number; chargedMinor: number; leftoverMinor: number };
  reactivated: boolean;
}

// The test clock stands at 2026-11-27 11:00 in Manila (the default zone): today is 27 November.
describe('prepaid top-ups', () => {
  let t: TestApp;
  let owner: StaffSession;
  let monthly: { id: string };

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Prepaid Net' });
    monthly = await makePlan(t, owner, { price_minor: 150000 });
  });
  after(async () => {
    await t.close();
  });

  async function prepaidService(overrides: { billed_until?: string | null; anchor_day?: number | null; status?: 'active' | 'suspended'; plan_id?: string } = {}) {
    const customer = await makeCustomer(t, owner);
    const { plan_id: planId = monthly.id, ...rest } = overrides;
    const service = await makeService(t, owner, { customerId: customer.id, planId, billing_mode: 'prepaid', start_on: '2026-11-01', ...rest });
    return { customerId: customer.id, serviceId: service.id };
  }

  const topUp = async (serviceId: string, body: object, key?: string): Promise<TopUp> => {
    const res = await postJson(t, owner, `/api/v1/services/${serviceId}/prepaid-top-ups`, body, key);
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };

  const serviceRow = (serviceId: string) =>
    asOwner(t, owner, (ctx) =>
      ctx.trx.selectFrom('services').select(['status', 'billed_until', 'anchor_day']).where('tenant_id', '=', ctx.tenantId).where('id', '=', serviceId).executeTakeFirstOrThrow(),
    );

  it('buys one period for the plan price: to the same day next month, on a paid prepaid invoice', async () => {
    const s = await prepaidService();
    const r = await topUp(s.serviceId, { amount: '1500.00', method: 'gcash', reference: 'GC-1' });
    assert.deepEqual(r.purchase, { from: '2026-11-27', until: '2026-12-27', anchorDay: 27, periods: 1, days: 0, chargedMinor: 150000, leftoverMinor: 0 });
    assert.equal(r.payment.serviceId, s.serviceId);
    assert.deepEqual(await invoiceState(t, owner, r.invoice.id), { status: 'paid', totalMinor: 150000, allocatedMinor: 150000 });
    const invoice = (await getJson(t, owner, `/api/v1/invoices/${r.invoice.id}`)).json();
    assert.equal(invoice.kind, 'prepaid');
    assert.equal(invoice.periodStart, '2026-11-27');
    assert.equal(invoice.periodEnd, '2026-12-27');
    assert.equal(invoice.lines.length, 1);
    assert.equal(invoice.lines[0].kind, 'prepaid_time');
    assert.match(invoice.lines[0].description, /1 month: 2026-11-27 until 2026-12-27/);
    assert.deepEqual({ ...(await serviceRow(s.serviceId)) }, { status: 'active', billed_until: '2026-12-27', anchor_day: 27 });
    assert.deepEqual(r.receipt.content.applied, [{ invoiceNumber: r.invoice.number, amountMinor: 150000 }]);
    assert.equal(r.receipt.content.creditMinor, 0);
    assert.equal(r.receipt.content.prepaid?.from, '2026-11-27');
    assert.equal(r.receipt.content.prepaid?.until, '2026-12-27');
    assert.deepEqual(await account(t, owner, s.customerId), { balanceMinor: 0, creditMinor: 0 });

    // Stacking: time bought while still paid up starts where the paid time ends.
    const more = await topUp(s.serviceId, { amount: '1500', method: 'cash' });
    assert.equal(more.purchase.from, '2026-12-27');
    assert.equal(more.purchase.until, '2027-01-27');
    assert.equal((await serviceRow(s.serviceId)).billed_until, '2027-01-27');
  });

  it('buys days for part of the price: half buys 15 days of a 30-day period', async () => {
    const s = await prepaidService();
    const r = await topUp(s.serviceId, { amount: '750', method: 'cash' });
    assert.deepEqual(r.purchase, { from: '2026-11-27', until: '2026-12-12', anchorDay: 27, periods: 0, days: 15, chargedMinor: 75000, leftoverMinor: 0 });
    // Less than a day's worth stays as credit and goes into the next top-up.
    const odd = await prepaidService();
    const bought = await topUp(odd.serviceId, { amount: '760', method: 'cash' });
    assert.equal(bought.purchase.days, 15);
    assert.equal(bought.purchase.leftoverMinor, 1000);
    assert.equal(bought.receipt.content.creditMinor, 1000);
    assert.deepEqual(await account(t, owner, odd.customerId), { balanceMinor: -1000, creditMinor: 1000 });
  });

  it('renews after a lapse from today and turns a service the billing run suspended back on', async () => {
    const s = await prepaidService({ billed_until: '2026-11-20', anchor_day: 20 });
    const expired = await asOwner(t, owner, (ctx) => expirePrepaidServices(ctx, '2026-11-27'));
    assert.ok(expired >= 1);
    assert.equal((await serviceRow(s.serviceId)).status, 'suspended');
    const r = await topUp(s.serviceId, { amount: '1500', method: 'cash' });
    assert.equal(r.reactivated, true);
    assert.deepEqual({ from: r.purchase.from, until: r.purchase.until, anchorDay: r.purchase.anchorDay }, { from: '2026-11-27', until: '2026-12-27', anchorDay: 27 });
    assert.deepEqual({ ...(await serviceRow(s.serviceId)) }, { status: 'active', billed_until: '2026-12-27', anchor_day: 27 });
    const resumed = await asOwner(t, owner, (ctx) =>
      ctx.trx.selectFrom('audit_events').select(['action', 'after']).where('tenant_id', '=', ctx.tenantId).where('entity_id', '=', s.serviceId).where('action', '=', 'service.resumed').execute(),
    );
    assert.equal(resumed.length, 1);
  });

  it('leaves a service suspended by hand suspended, but still sells the time', async () => {
    const s = await prepaidService({ billed_until: '2026-11-20', anchor_day: 20 });
    const suspended = await postJson(t, owner, `/api/v1/services/${s.serviceId}/suspend`, { reason: 'Abuse report' });
    assert.equal(suspended.statusCode, 200, suspended.body);
    const r = await topUp(s.serviceId, { amount: '1500', method: 'cash' });
    assert.equal(r.reactivated, false);
    assert.deepEqual({ ...(await serviceRow(s.serviceId)) }, { status: 'suspended', billed_until: '2026-12-27', anchor_day: 27 });
  });

  it('previews without writing, counting credit on the account and paying open invoices first', async () => {
    const s = await prepaidService();
    const credit = await postJson(t, owner, '/api/v1/payments', { customerId: s.customerId, amount: '500', method: 'cash' });
    assert.equal(credit.statusCode, 201);
    const open = await issueInvoice(t, owner, s.customerId, 30000); // spends 300 of the 500
    assert.equal((await invoiceState(t, owner, open.id)).status, 'paid');
    const other = await issueInvoice(t, owner, s.customerId, 40000); // 200 left pays part; 200 still due
    const counts = async () => Promise.all((['payments', 'invoices', 'ledger_entries', 'allocations', 'receipts'] as const).map((table) => countRows(t, owner, table)));
    const before = await counts();
    const preview = await postJson(t, owner, `/api/v1/services/${s.serviceId}/prepaid-preview`, { amount: '1500' });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual(preview.json(), {
      serviceId: s.serviceId,
      currency: 'PHP',
      paidUntil: null,
      paymentMinor: 150000,
      creditMinor: 0,
      openDueMinor: 20000,
      availableMinor: 130000,
      purchase: { from: '2026-11-27', until: '2026-12-23', anchorDay: 27, periods: 0, days: 26, chargedMinor: 130000, leftoverMinor: 0 },
      reactivates: false,
    });
    assert.deepEqual(await counts(), before);
    const r = await topUp(s.serviceId, { amount: '1500', method: 'cash' });
    assert.deepEqual(r.purchase, preview.json().purchase);
    assert.equal((await invoiceState(t, owner, other.id)).status, 'paid');
    assert.deepEqual(r.receipt.content.applied, [
      { invoiceNumber: other.number, amountMinor: 20000 },
      { invoiceNumber: r.invoice.number, amountMinor: 130000 },
    ]);
    assert.deepEqual(await account(t, owner, s.customerId), { balanceMinor: 0, creditMinor: 0 });
  });

  it('spends credit already on the account: half paid now and half in credit buy the month', async () => {
    const s = await prepaidService();
    await postJson(t, owner, '/api/v1/payments', { customerId: s.customerId, amount: '750', method: 'cash' });
    const r = await topUp(s.serviceId, { amount: '750', method: 'cash' });
    assert.equal(r.purchase.until, '2026-12-27');
    assert.equal(r.purchase.periods, 1);
    assert.deepEqual(await account(t, owner, s.customerId), { balanceMinor: 0, creditMinor: 0 });
  });

  it('charges the plan price plus its exclusive tax for a period', async () => {
    await asOwner(t, owner, (ctx) => ctx.trx.insertInto('tax_rates').values({ tenant_id: ctx.tenantId, tax_class: 'vat_ex', name: 'VAT', rate_ppm: 120000, inclusive: false }).execute());
    const plan = await makePlan(t, owner, { price_minor: 100000, tax_class: 'vat_ex' });
    const s = await prepaidService({ plan_id: plan.id });
    const r = await topUp(s.serviceId, { amount: '1120.00', method: 'cash' });
    assert.deepEqual({ until: r.purchase.until, periods: r.purchase.periods, charged: r.purchase.chargedMinor }, { until: '2026-12-27', periods: 1, charged: 112000 });
    const invoice = (await getJson(t, owner, `/api/v1/invoices/${r.invoice.id}`)).json();
    assert.deepEqual([invoice.subtotalMinor, invoice.taxMinor, invoice.totalMinor], [100000, 12000, 112000]);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const s = await prepaidService();
    const customer = await makeCustomer(t, owner);
    const postpaid = await makeService(t, owner, { customerId: customer.id, planId: monthly.id, billing_mode: 'postpaid' });
    const counts = async () => Promise.all((['payments', 'invoices', 'ledger_entries', 'receipts'] as const).map((table) => countRows(t, owner, table)));
    const before = await counts();
    const cases: [string, object, number, string][] = [
      [s.serviceId, { amount: '0.01', method: 'cash' }, 422, 'amount'],
      [s.serviceId, { amount: '', method: 'cash' }, 422, 'amount'],
      [s.serviceId, { amount: '1500', method: 'gcash' }, 422, 'reference'],
      [s.serviceId, { amount: '1500', method: 'barter' }, 422, 'method'],
      [s.serviceId, { amount: '1500', method: 'cash', receivedOn: '2027-01-01' }, 422, 'receivedOn'],
    ];
    for (const [id, body, status, field] of cases) {
      const res = await postJson(t, owner, `/api/v1/services/${id}/prepaid-top-ups`, body);
      assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
      assert.ok(res.json().errors.some((e: { field: string }) => e.field === field), res.body);
    }
    const notPrepaid = await postJson(t, owner, `/api/v1/services/${postpaid.id}/prepaid-top-ups`, { amount: '1500', method: 'cash' });
    assert.equal(notPrepaid.statusCode, 409);
    assert.equal(notPrepaid.json().code, 'service_not_prepaid');
    const unknown = await postJson(t, owner, `/api/v1/services/${randomUUID()}/prepaid-top-ups`, { amount: '1500', method: 'cash' });
    assert.equal(unknown.statusCode, 404);
    const tooSmall = await postJson(t, owner, `/api/v1/services/${s.serviceId}/prepaid-preview`, { amount: '0.01' });
    assert.equal(tooSmall.statusCode, 422);
    assert.equal(tooSmall.json().errors[0].rule, 'too_small');
    assert.deepEqual(await counts(), before);
    assert.equal((await serviceRow(s.serviceId)).billed_until, null);
  });

  it('sells each period once: a retried top-up replays, concurrent ones stack', async () => {
    const s = await prepaidService();
    const key = randomUUID();
    const first = await topUp(s.serviceId, { amount: '1500', method: 'cash' }, key);
    const retry = await topUp(s.serviceId, { amount: '1500', method: 'cash' }, key);
    assert.deepEqual(retry, first);
    assert.equal((await serviceRow(s.serviceId)).billed_until, '2026-12-27');
    const both = await Promise.all([topUp(s.serviceId, { amount: '1500', method: 'cash' }), topUp(s.serviceId, { amount: '1500', method: 'cash' })]);
    assert.deepEqual(both.map((b) => b.purchase.from).sort(), ['2026-12-27', '2027-01-27']);
    assert.equal((await serviceRow(s.serviceId)).billed_until, '2027-02-27');
  });

  it('refuses to void a top-up receipt while its prepaid invoice stands; after voiding the invoice it can be', async () => {
    const s = await prepaidService();
    const r = await topUp(s.serviceId, { amount: '1500', method: 'cash' });
    const refused = await postJson(t, owner, `/api/v1/receipts/${r.receipt.id}/void`, { reason: 'Wrong customer' });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'prepaid_time_bought');
    const voidInvoice = await postJson(t, owner, `/api/v1/invoices/${r.invoice.id}/void`, { reason: 'Wrong customer' });
    assert.equal(voidInvoice.statusCode, 200, voidInvoice.body);
    const voided = await postJson(t, owner, `/api/v1/receipts/${r.receipt.id}/void`, { reason: 'Wrong customer' });
    assert.equal(voided.statusCode, 200, voided.body);
    assert.deepEqual(await account(t, owner, s.customerId), { balanceMinor: 0, creditMinor: 0 });
  });
});
