/**
 * Prepaid services, day by day: a payment buys time (src/modules/billing/prepaid-time.ts),
 * the nightly run suspends a service whose paid time has run out, and a later payment
 * buys time from the payment date and turns the service back on with no one touching its
 * status. Every top-up issues a paid 'prepaid' invoice for exactly the time bought.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { makeCustomer, makePlan, makeService } from '../../helpers/factories.ts';
import { buyPrepaidTopUp } from '../../../src/modules/payments/buy-prepaid-time.ts';
import {
  asClerk,
  balanceOf,
  billingCompany,
  billOn,
  invoicesOf,
  line,
  serviceState,
  setLocalTime,
  type Company,
  type InvoiceView,
  type LineView,
} from '../scenario-kit.ts';

interface Bought {
  from: string;
  until: string;
  anchorDay: number;
  fullPeriods: number;
  extraDays: number;
  chargedMinor: number;
  leftoverMinor: number;
  invoice: string;
  receipt: string;
  receiptMinor: number;
  reactivated: boolean;
}

/** A paid prepaid invoice for [from, until), issued on the day of the payment. */
function prepaidInvoice(number: string, issuedOn: string, dueOn: string, period: [string, string], l: LineView): InvoiceView {
  return { number, kind: 'prepaid', status: 'paid', issuedOn, dueOn, period, subtotal: l.net, tax: l.tax, total: l.total, lines: [l] };
}

describe('prepaid services', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  async function prepaidService(company: Company, plan: { name: string; price: number; currency: string }, startOn: string) {
    const p = await makePlan(t, company.owner, { name: plan.name, price_minor: plan.price, currency: plan.currency });
    const customer = await makeCustomer(t, company.owner);
    const service = await makeService(t, company.owner, { customerId: customer.id, planId: p.id, billing_mode: 'prepaid', start_on: startOn });
    return { customerId: customer.id, serviceId: service.id };
  }

  /** The cashier takes `amount` (major units) for the service at 10:00 local on `on`. */
  async function pay(company: Company, serviceId: string, on: string, amount: string, method = 'cash', reference = ''): Promise<Bought> {
    setLocalTime(t, company, on, 10);
    const r = await asClerk(t, company, (ctx) => buyPrepaidTopUp(ctx, { serviceId, amount, method, reference }));
    const { from, until, anchorDay, fullPeriods, extraDays, chargedMinor, leftoverMinor } = r.purchase;
    return { from, until, anchorDay, fullPeriods, extraDays, chargedMinor, leftoverMinor, invoice: r.invoice.number, receipt: r.receipt.number, receiptMinor: r.receipt.amountMinor, reactivated: r.reactivated };
  }

  /** The nightly run on `on`: no invoices for prepaid services, `expired` suspended. */
  async function night(company: Company, on: string, expired: number): Promise<void> {
    const summary = await billOn(t, company, on);
    assert.equal(summary.invoicesCreated, 0, `invoices on ${on}`);
    assert.equal(summary.servicesExpired, expired, `services expired on ${on}`);
  }

  it('full, half of a 30-day month, stacked, run out, renewed after the lapse without a status change', async () => {
    const company = await billingCompany(t, { currency: 'PHP', timeZone: 'Asia/Manila' });
    const { customerId, serviceId } = await prepaidService(company, { name: 'Fiber 50', price: 150000, currency: 'PHP' }, '2027-03-10');
    const time = (description: string, period: [string, string], amount: number) =>
      line({ kind: 'prepaid_time', description, period, unit: amount, net: amount, tax: 0, total: amount });
    const invoices: InvoiceView[] = [];

    // The plan price buys one month: to the same day next month.
    assert.deepEqual(await pay(company, serviceId, '2027-03-10', '1500'), {
      from: '2027-03-10', until: '2027-04-10', anchorDay: 10, fullPeriods: 1, extraDays: 0, chargedMinor: 150000, leftoverMinor: 0,
      invoice: 'INV-000001', receipt: 'OR-000001', receiptMinor: 150000, reactivated: false,
    });
    invoices.push(prepaidInvoice('INV-000001', '2027-03-10', '2027-03-17', ['2027-03-10', '2027-04-10'], time('Fiber 50 prepaid, 1 month: 2027-03-10 until 2027-04-10', ['2027-03-10', '2027-04-10'], 150000)));
    assert.deepEqual(await invoicesOf(t, company, customerId), invoices);
    assert.deepEqual(await serviceState(t, company, serviceId), { status: 'active', billedUntil: '2027-04-10', anchorDay: 10 });
    assert.equal(await balanceOf(t, company, customerId), 0);

    await night(company, '2027-04-01', 0);

    // Half the price, while still paid up: it stacks on 10 April, and 10 April to 10 May has
    // 30 days, so 750.00 buys exactly 15 of them (150000 x 15 / 30 = 75000).
    assert.deepEqual(await pay(company, serviceId, '2027-04-01', '750.00', 'gcash', 'GC-0401-7781'), {
      from: '2027-04-10', until: '2027-04-25', anchorDay: 10, fullPeriods: 0, extraDays: 15, chargedMinor: 75000, leftoverMinor: 0,
      invoice: 'INV-000002', receipt: 'OR-000002', receiptMinor: 75000, reactivated: false,
    });
    invoices.push(prepaidInvoice('INV-000002', '2027-04-01', '2027-04-08', ['2027-04-10', '2027-04-25'], time('Fiber 50 prepaid, 15 days: 2027-04-10 until 2027-04-25', ['2027-04-10', '2027-04-25'], 75000)));
    assert.deepEqual(await invoicesOf(t, company, customerId), invoices);
    assert.deepEqual(await serviceState(t, company, serviceId), { status: 'active', billedUntil: '2027-04-25', anchorDay: 10 });

    // The last paid day is 24 April; the run on the 25th cuts the service off, once.
    await night(company, '2027-04-24', 0);
    assert.equal((await serviceState(t, company, serviceId)).status, 'active');
    await night(company, '2027-04-25', 1);
    assert.deepEqual(await serviceState(t, company, serviceId), { status: 'suspended', billedUntil: '2027-04-25', anchorDay: 10 });
    await night(company, '2027-04-26', 0);

    // Eight days later the customer pays: the month starts on the payment date, the anchor
    // moves to the 3rd, and the service is on again.
    assert.deepEqual(await pay(company, serviceId, '2027-05-03', '1500'), {
      from: '2027-05-03', until: '2027-06-03', anchorDay: 3, fullPeriods: 1, extraDays: 0, chargedMinor: 150000, leftoverMinor: 0,
      invoice: 'INV-000003', receipt: 'OR-000003', receiptMinor: 150000, reactivated: true,
    });
    invoices.push(prepaidInvoice('INV-000003', '2027-05-03', '2027-05-10', ['2027-05-03', '2027-06-03'], time('Fiber 50 prepaid, 1 month: 2027-05-03 until 2027-06-03', ['2027-05-03', '2027-06-03'], 150000)));
    assert.deepEqual(await serviceState(t, company, serviceId), { status: 'active', billedUntil: '2027-06-03', anchorDay: 3 });

    // Paid again before it runs out: the next month stacks on 3 June.
    assert.deepEqual(await pay(company, serviceId, '2027-05-20', '1500'), {
      from: '2027-06-03', until: '2027-07-03', anchorDay: 3, fullPeriods: 1, extraDays: 0, chargedMinor: 150000, leftoverMinor: 0,
      invoice: 'INV-000004', receipt: 'OR-000004', receiptMinor: 150000, reactivated: false,
    });
    invoices.push(prepaidInvoice('INV-000004', '2027-05-20', '2027-05-27', ['2027-06-03', '2027-07-03'], time('Fiber 50 prepaid, 1 month: 2027-06-03 until 2027-07-03', ['2027-06-03', '2027-07-03'], 150000)));
    assert.deepEqual(await invoicesOf(t, company, customerId), invoices);

    await night(company, '2027-06-03', 0);
    await night(company, '2027-07-02', 0);
    await night(company, '2027-07-03', 1);
    assert.deepEqual(await serviceState(t, company, serviceId), { status: 'suspended', billedUntil: '2027-07-03', anchorDay: 3 });
    // Every top-up paid its own invoice exactly.
    assert.equal(await balanceOf(t, company, customerId), 0);
  });

  it('16% exclusive VAT (KES): price plus tax buys a month; a part payment buys whole days and keeps the rest as credit', async () => {
    const company = await billingCompany(t, { currency: 'KES', timeZone: 'Africa/Nairobi' }, [{ taxClass: 'standard', name: 'VAT', ratePpm: 160000, inclusive: false }]);
    const { customerId, serviceId } = await prepaidService(company, { name: 'Fiber 20', price: 100000, currency: 'KES' }, '2027-06-01');
    const vat = { taxName: 'VAT', taxRatePpm: 160000, taxInclusive: false };
    const invoices: InvoiceView[] = [];

    // 1000.00 + 16% = 1160.00 buys June.
    assert.deepEqual(await pay(company, serviceId, '2027-06-01', '1160', 'mpesa', 'QK12AB34CD'), {
      from: '2027-06-01', until: '2027-07-01', anchorDay: 1, fullPeriods: 1, extraDays: 0, chargedMinor: 116000, leftoverMinor: 0,
      invoice: 'INV-000001', receipt: 'OR-000001', receiptMinor: 116000, reactivated: false,
    });
    invoices.push(
      prepaidInvoice('INV-000001', '2027-06-01', '2027-06-08', ['2027-06-01', '2027-07-01'],
        line({ kind: 'prepaid_time', description: 'Fiber 20 prepaid, 1 month: 2027-06-01 until 2027-07-01', period: ['2027-06-01', '2027-07-01'], unit: 100000, net: 100000, tax: 16000, total: 116000, ...vat })),
    );
    assert.equal(await balanceOf(t, company, customerId), 0);

    // 580.00 stacks on 1 July (a 31-day month): 15 days cost 100000 x 15 / 31 = 48387.10 -> 48387
    // + tax 7741.92 -> 7742 = 56129; 16 days would cost 59871. The 1871 left stays as credit.
    assert.deepEqual(await pay(company, serviceId, '2027-06-20', '580', 'mpesa', 'QK99ZZ11YY'), {
      from: '2027-07-01', until: '2027-07-16', anchorDay: 1, fullPeriods: 0, extraDays: 15, chargedMinor: 56129, leftoverMinor: 1871,
      invoice: 'INV-000002', receipt: 'OR-000002', receiptMinor: 58000, reactivated: false,
    });
    invoices.push(
      prepaidInvoice('INV-000002', '2027-06-20', '2027-06-27', ['2027-07-01', '2027-07-16'],
        line({ kind: 'prepaid_time', description: 'Fiber 20 prepaid, 15 days: 2027-07-01 until 2027-07-16', period: ['2027-07-01', '2027-07-16'], unit: 48387, net: 48387, tax: 7742, total: 56129, ...vat })),
    );
    assert.deepEqual(await invoicesOf(t, company, customerId), invoices);
    assert.equal(await balanceOf(t, company, customerId), -1871);

    // The next full payment plus that credit (117871) buys one month from 16 July; a day
    // (3226 + 516 tax) would cost more than the 1871 left, so the credit carries on.
    assert.deepEqual(await pay(company, serviceId, '2027-07-10', '1160', 'mpesa', 'QK55CC77DD'), {
      from: '2027-07-16', until: '2027-08-16', anchorDay: 16, fullPeriods: 1, extraDays: 0, chargedMinor: 116000, leftoverMinor: 1871,
      invoice: 'INV-000003', receipt: 'OR-000003', receiptMinor: 116000, reactivated: false,
    });
    invoices.push(
      prepaidInvoice('INV-000003', '2027-07-10', '2027-07-17', ['2027-07-16', '2027-08-16'],
        line({ kind: 'prepaid_time', description: 'Fiber 20 prepaid, 1 month: 2027-07-16 until 2027-08-16', period: ['2027-07-16', '2027-08-16'], unit: 100000, net: 100000, tax: 16000, total: 116000, ...vat })),
    );
    assert.deepEqual(await invoicesOf(t, company, customerId), invoices);
    assert.equal(await balanceOf(t, company, customerId), -1871);
    assert.deepEqual(await serviceState(t, company, serviceId), { status: 'active', billedUntil: '2027-08-16', anchorDay: 16 });
    await night(company, '2027-08-15', 0);
    await night(company, '2027-08-16', 1);
  });
});
