/**
 * Fixed billing day, night by night: every monthly postpaid service is invoiced on the
 * company's billing day; the first invoice covers the days from the start to the first
 * billing day, prorated by days against the full period that ends there and rounded half
 * away from zero (service-periods.ts). Untaxed, PHP, 7 days' terms.
 */
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { makeCustomer, makePlan, makeService } from '../../helpers/factories.ts';
import { billingCompany, billNights, line, recurring, type Company, type InvoiceView } from '../scenario-kit.ts';

const PRICE = 149900;

function invoice(number: string, issuedOn: string, dueOn: string, period: [string, string], shown: string, amount = PRICE): InvoiceView {
  return recurring({ number, issuedOn, dueOn, period, subtotal: amount, tax: 0, total: amount }, [
    line({ description: `Fiber 50, ${shown}`, period, unit: amount, net: amount, tax: 0, total: amount }),
  ]);
}

describe('fixed billing day', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  async function serviceFrom(billingDay: number, startOn: string): Promise<{ company: Company; customerId: string }> {
    const company = await billingCompany(t, { policy: 'fixed_day', billingDay });
    const plan = await makePlan(t, company.owner, { name: 'Fiber 50', price_minor: PRICE });
    const customer = await makeCustomer(t, company.owner);
    await makeService(t, company.owner, { customerId: customer.id, planId: plan.id, start_on: startOn });
    return { company, customerId: customer.id };
  }

  it('day 1, start 17 January 2027: 15 of 31 days prorated, then whole months on the 1st', async () => {
    const { company, customerId } = await serviceFrom(1, '2027-01-17');
    // 149900 x 15 / 31 = 72532.26 -> 72532
    await billNights(t, company, customerId, [
      { on: '2027-01-16', made: [], balance: 0 },
      {
        on: '2027-01-17',
        made: [invoice('INV-000001', '2027-01-17', '2027-01-24', ['2027-01-17', '2027-02-01'], '17 Jan 2027 to 31 Jan 2027 (15 of 31 days)', 72532)],
        balance: 72532,
      },
      { on: '2027-01-31', made: [], balance: 72532 },
      { on: '2027-02-01', made: [invoice('INV-000002', '2027-02-01', '2027-02-08', ['2027-02-01', '2027-03-01'], '1 Feb 2027 to 28 Feb 2027')], balance: 222432 },
      { on: '2027-03-01', made: [invoice('INV-000003', '2027-03-01', '2027-03-08', ['2027-03-01', '2027-04-01'], '1 Mar 2027 to 31 Mar 2027')], balance: 372332 },
      { on: '2027-04-01', made: [invoice('INV-000004', '2027-04-01', '2027-04-08', ['2027-04-01', '2027-05-01'], '1 Apr 2027 to 30 Apr 2027')], balance: 522232 },
    ]);
  });

  it('day 1, start on 1 February 2027: no proration, a whole month from the first invoice', async () => {
    const { company, customerId } = await serviceFrom(1, '2027-02-01');
    await billNights(t, company, customerId, [
      { on: '2027-02-01', made: [invoice('INV-000001', '2027-02-01', '2027-02-08', ['2027-02-01', '2027-03-01'], '1 Feb 2027 to 28 Feb 2027')], balance: 149900 },
      { on: '2027-03-01', made: [invoice('INV-000002', '2027-03-01', '2027-03-08', ['2027-03-01', '2027-04-01'], '1 Mar 2027 to 31 Mar 2027')], balance: 299800 },
    ]);
  });

  it('day 28, start 10 January 2027: 18 of 31 days, then the 28th through February', async () => {
    const { company, customerId } = await serviceFrom(28, '2027-01-10');
    // The full period around the stub is 28 Dec to 28 Jan (31 days): 149900 x 18 / 31 = 87038.71 -> 87039.
    await billNights(t, company, customerId, [
      {
        on: '2027-01-10',
        made: [invoice('INV-000001', '2027-01-10', '2027-01-17', ['2027-01-10', '2027-01-28'], '10 Jan 2027 to 27 Jan 2027 (18 of 31 days)', 87039)],
        balance: 87039,
      },
      { on: '2027-01-28', made: [invoice('INV-000002', '2027-01-28', '2027-02-04', ['2027-01-28', '2027-02-28'], '28 Jan 2027 to 27 Feb 2027')], balance: 236939 },
      { on: '2027-02-27', made: [], balance: 236939 },
      // 28 days, still the whole price.
      { on: '2027-02-28', made: [invoice('INV-000003', '2027-02-28', '2027-03-07', ['2027-02-28', '2027-03-28'], '28 Feb 2027 to 27 Mar 2027')], balance: 386839 },
      { on: '2027-03-28', made: [invoice('INV-000004', '2027-03-28', '2027-04-04', ['2027-03-28', '2027-04-28'], '28 Mar 2027 to 27 Apr 2027')], balance: 536739 },
    ]);
  });

  it('day 28, start 10 March 2027: the stub is a share of the 28 days from 28 February', async () => {
    const { company, customerId } = await serviceFrom(28, '2027-03-10');
    // 149900 x 18 / 28 = 96364.29 -> 96364
    await billNights(t, company, customerId, [
      {
        on: '2027-03-10',
        made: [invoice('INV-000001', '2027-03-10', '2027-03-17', ['2027-03-10', '2027-03-28'], '10 Mar 2027 to 27 Mar 2027 (18 of 28 days)', 96364)],
        balance: 96364,
      },
      { on: '2027-03-28', made: [invoice('INV-000002', '2027-03-28', '2027-04-04', ['2027-03-28', '2027-04-28'], '28 Mar 2027 to 27 Apr 2027')], balance: 246264 },
    ]);
  });
});
