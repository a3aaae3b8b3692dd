/**
 * The run is idempotent and catches up: a second run for the same date (or an earlier one)
 * makes nothing, and a run three months late makes one invoice per missed period, oldest
 * first, with consecutive numbers, all issued on the day of the late run.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { makeCustomer, makePlan, makeService } from '../../helpers/factories.ts';
import { billingCompany, billNights, billOn, companyCounts, inCompany, line, recurring, type InvoiceView } from '../scenario-kit.ts';

const PRICE = 99900;

function month(number: string, issuedOn: string, dueOn: string, period: [string, string], shown: string): InvoiceView {
  return recurring({ number, issuedOn, dueOn, period, subtotal: PRICE, tax: 0, total: PRICE }, [
    line({ description: `Fiber 25, ${shown}`, period, unit: PRICE, net: PRICE, tax: 0, total: PRICE }),
  ]);
}

describe('billing run idempotency', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('the same date twice makes nothing; three months late makes three consecutive invoices; an earlier date after that makes nothing', async () => {
    const company = await billingCompany(t, { policy: 'anniversary' });
    const plan = await makePlan(t, company.owner, { name: 'Fiber 25', price_minor: PRICE });
    const customer = await makeCustomer(t, company.owner);
    await makeService(t, company.owner, { customerId: customer.id, planId: plan.id, start_on: '2027-01-10' });

    const first = month('INV-000001', '2027-01-10', '2027-01-17', ['2027-01-10', '2027-02-10'], '10 Jan 2027 to 9 Feb 2027');
    await billNights(t, company, customer.id, [
      { on: '2027-01-10', made: [first], balance: 99900 },
      // Again on the same date, later that night: nothing new.
      { on: '2027-01-10', made: [], balance: 99900 },
    ]);
    const once = await companyCounts(t, company);
    assert.deepEqual(once, { invoices: 1, lines: 1, ledger: 1 });

    // Nobody runs billing in February or March; the run on 12 April catches up, oldest period first.
    await billNights(t, company, customer.id, [
      {
        on: '2027-04-12',
        made: [
          month('INV-000002', '2027-04-12', '2027-04-19', ['2027-02-10', '2027-03-10'], '10 Feb 2027 to 9 Mar 2027'),
          month('INV-000003', '2027-04-12', '2027-04-19', ['2027-03-10', '2027-04-10'], '10 Mar 2027 to 9 Apr 2027'),
          month('INV-000004', '2027-04-12', '2027-04-19', ['2027-04-10', '2027-05-10'], '10 Apr 2027 to 9 May 2027'),
        ],
        balance: 399600,
      },
      { on: '2027-04-12', made: [], balance: 399600 },
      // A clerk re-runs a date in the past: everything up to it is billed already.
      { on: '2027-03-01', made: [], balance: 399600 },
    ]);
    assert.deepEqual(await companyCounts(t, company), { invoices: 4, lines: 4, ledger: 4 });

    // Every run is recorded, the empty ones too.
    const runs = await inCompany(t, company, (trx) =>
      trx.selectFrom('billing_runs').select(['run_on', 'status', 'invoices_created']).where('tenant_id', '=', company.tenantId).orderBy('started_at').execute(),
    );
    assert.deepEqual(
      runs.map((r) => [r.run_on, r.status, Number(r.invoices_created)]),
      [
        ['2027-01-10', 'completed', 1],
        ['2027-01-10', 'completed', 0],
        ['2027-04-12', 'completed', 3],
        ['2027-04-12', 'completed', 0],
        ['2027-03-01', 'completed', 0],
      ],
    );
  });

  it('a run on a date bills every service due by then, each period once, numbers without a gap', async () => {
    const company = await billingCompany(t, { policy: 'anniversary' });
    const plan = await makePlan(t, company.owner, { name: 'Fiber 25', price_minor: PRICE });
    const customers = [await makeCustomer(t, company.owner), await makeCustomer(t, company.owner)];
    await makeService(t, company.owner, { customerId: customers[0]!.id, planId: plan.id, start_on: '2027-01-05' });
    await makeService(t, company.owner, { customerId: customers[1]!.id, planId: plan.id, start_on: '2027-02-20' });

    const summary = await billOn(t, company, '2027-03-05');
    // First: 5 Jan, 5 Feb, 5 Mar; second: 20 Feb.
    assert.equal(summary.invoicesCreated, 4);
    assert.deepEqual(summary.totals, { PHP: 4 * PRICE });
    assert.equal((await billOn(t, company, '2027-03-05')).invoicesCreated, 0);
    const rows = await inCompany(t, company, (trx) =>
      trx
        .selectFrom('invoices')
        .select(['number', 'customer_id', 'period_start', 'period_end'])
        .where('tenant_id', '=', company.tenantId)
        .orderBy('number_seq')
        .execute(),
    );
    assert.deepEqual(
      rows.map((r) => r.number),
      ['INV-000001', 'INV-000002', 'INV-000003', 'INV-000004'],
    );
    const periods = (customerId: string) => rows.filter((r) => r.customer_id === customerId).map((r) => [r.period_start, r.period_end]);
    assert.deepEqual(periods(customers[0]!.id), [
      ['2027-01-05', '2027-02-05'],
      ['2027-02-05', '2027-03-05'],
      ['2027-03-05', '2027-04-05'],
    ]);
    assert.deepEqual(periods(customers[1]!.id), [['2027-02-20', '2027-03-20']]);
  });
});
