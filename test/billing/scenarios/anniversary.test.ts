/**
 * Anniversary billing, night by night: a monthly postpaid service is invoiced in advance on
 * the day of the month it started, clamped in short months and back on the 31st when the
 * month has one (DESIGN.md "Money and time"). Untaxed, PHP, 7 days' terms.
 */
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { makeCustomer, makePlan, makeService } from '../../helpers/factories.ts';
import { billingCompany, billNights, line, recurring, type Company, type InvoiceView } from '../scenario-kit.ts';

const PRICE = 149900;

/** A full month of "Fiber 50" at the plan price, no tax. */
function month(number: string, issuedOn: string, dueOn: string, period: [string, string], shown: string): InvoiceView {
  return recurring({ number, issuedOn, dueOn, period, subtotal: PRICE, tax: 0, total: PRICE }, [
    line({ description: `Fiber 50, ${shown}`, period, unit: PRICE, net: PRICE, tax: 0, total: PRICE }),
  ]);
}

describe('anniversary billing', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  async function serviceFrom(startOn: string): Promise<{ company: Company; customerId: string }> {
    const company = await billingCompany(t, { policy: 'anniversary' });
    const plan = await makePlan(t, company.owner, { name: 'Fiber 50', price_minor: PRICE });
    const customer = await makeCustomer(t, company.owner);
    await makeService(t, company.owner, { customerId: customer.id, planId: plan.id, start_on: startOn });
    return { company, customerId: customer.id };
  }

  it('from 31 January 2027: 28 February, 31 March, 30 April, 31 May', async () => {
    const { company, customerId } = await serviceFrom('2027-01-31');
    await billNights(t, company, customerId, [
      { on: '2027-01-30', made: [], balance: 0 },
      { on: '2027-01-31', made: [month('INV-000001', '2027-01-31', '2027-02-07', ['2027-01-31', '2027-02-28'], '31 Jan 2027 to 27 Feb 2027')], balance: 149900 },
      { on: '2027-02-27', made: [], balance: 149900 },
      { on: '2027-02-28', made: [month('INV-000002', '2027-02-28', '2027-03-07', ['2027-02-28', '2027-03-31'], '28 Feb 2027 to 30 Mar 2027')], balance: 299800 },
      { on: '2027-03-30', made: [], balance: 299800 },
      { on: '2027-03-31', made: [month('INV-000003', '2027-03-31', '2027-04-07', ['2027-03-31', '2027-04-30'], '31 Mar 2027 to 29 Apr 2027')], balance: 449700 },
      { on: '2027-04-30', made: [month('INV-000004', '2027-04-30', '2027-05-07', ['2027-04-30', '2027-05-31'], '30 Apr 2027 to 30 May 2027')], balance: 599600 },
      { on: '2027-05-31', made: [month('INV-000005', '2027-05-31', '2027-06-07', ['2027-05-31', '2027-06-30'], '31 May 2027 to 29 Jun 2027')], balance: 749500 },
    ]);
  });

  it('from 31 January 2028 across 29 February (leap year)', async () => {
    const { company, customerId } = await serviceFrom('2028-01-31');
    await billNights(t, company, customerId, [
      { on: '2028-01-31', made: [month('INV-000001', '2028-01-31', '2028-02-07', ['2028-01-31', '2028-02-29'], '31 Jan 2028 to 28 Feb 2028')], balance: 149900 },
      // 28 February is not the anniversary in a leap year.
      { on: '2028-02-28', made: [], balance: 149900 },
      { on: '2028-02-29', made: [month('INV-000002', '2028-02-29', '2028-03-07', ['2028-02-29', '2028-03-31'], '29 Feb 2028 to 30 Mar 2028')], balance: 299800 },
      { on: '2028-03-31', made: [month('INV-000003', '2028-03-31', '2028-04-07', ['2028-03-31', '2028-04-30'], '31 Mar 2028 to 29 Apr 2028')], balance: 449700 },
    ]);
  });

  it('from 31 December 2026 across the year end: 31 January, 28 February, 31 March', async () => {
    const { company, customerId } = await serviceFrom('2026-12-31');
    await billNights(t, company, customerId, [
      { on: '2026-12-31', made: [month('INV-000001', '2026-12-31', '2027-01-07', ['2026-12-31', '2027-01-31'], '31 Dec 2026 to 30 Jan 2027')], balance: 149900 },
      { on: '2027-01-30', made: [], balance: 149900 },
      { on: '2027-01-31', made: [month('INV-000002', '2027-01-31', '2027-02-07', ['2027-01-31', '2027-02-28'], '31 Jan 2027 to 27 Feb 2027')], balance: 299800 },
      { on: '2027-02-28', made: [month('INV-000003', '2027-02-28', '2027-03-07', ['2027-02-28', '2027-03-31'], '28 Feb 2027 to 30 Mar 2027')], balance: 449700 },
      { on: '2027-03-31', made: [month('INV-000004', '2027-03-31', '2027-04-07', ['2027-03-31', '2027-04-30'], '31 Mar 2027 to 29 Apr 2027')], balance: 599600 },
    ]);
  });
});
