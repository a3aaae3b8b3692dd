import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer } from '../../../test/helpers/factories.ts';
import { getJson, postJson } from './payments-test-kit.ts';

describe('cashier end-of-day view', () => {
  let t: TestApp;
  let owner: StaffSession;
  let clerk: StaffSession;

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Till Net', ownerName: 'Ana Owner' });
    clerk = await addStaff(t, owner, 'billing');
    const c = await makeCustomer(t, owner);
    const pay = async (staff: StaffSession, body: object) => {
      const res = await postJson(t, staff, '/api/v1/payments', { customerId: c.id, ...body });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { receipt: { id: string; number: string } };
    };
    await pay(owner, { amount: '100', method: 'cash' });
    await pay(owner, { amount: '250.50', method: 'cash' });
    await pay(owner, { amount: '999', method: 'gcash', reference: 'G-1' });
    await pay(clerk, { amount: '40', method: 'cash' });
    await pay(clerk, { amount: '1000', method: 'bank_transfer', reference: 'BT-9' });
    const bounced = await pay(clerk, { amount: '500', method: 'cheque', reference: 'CHQ-1' });
    const voided = await postJson(t, owner, `/api/v1/receipts/${bounced.receipt.id}/void`, { reason: 'Bounced' });
    assert.equal(voided.statusCode, 200, voided.body);
    await pay(clerk, { amount: '70', method: 'cash', receivedOn: '2026-11-26' });
  });
  after(async () => {
    await t.close();
  });

  it('sums what each staff member collected today by method, with totals, and lists the voided apart', async () => {
    const res = await getJson(t, owner, '/api/v1/reports/cashier');
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json();
    assert.equal(report.date, '2026-11-27');
    const byLabel = Object.fromEntries(
      report.collectors.map((c: { label: string; byMethod: { method: string; count: number; amountMinor: number }[]; totals: { amountMinor: number }[] }) => [
        c.label,
        { methods: c.byMethod.map((m) => [m.method, m.count, m.amountMinor]), total: c.totals.map((x) => x.amountMinor) },
      ]),
    );
    const clerkLabel = report.collectors.find((c: { collectedBy: string }) => c.collectedBy === clerk.userId).label;
    assert.deepEqual(byLabel['Ana Owner'], { methods: [['cash', 2, 35050], ['gcash', 1, 99900]], total: [134950] });
    assert.deepEqual(byLabel[clerkLabel], { methods: [['bank_transfer', 1, 100000], ['cash', 1, 4000]], total: [104000] });
    assert.deepEqual(
      report.byMethod.map((m: { method: string; count: number; amountMinor: number }) => [m.method, m.count, m.amountMinor]).sort(),
      [['bank_transfer', 1, 100000], ['cash', 3, 39050], ['gcash', 1, 99900]],
    );
    assert.deepEqual(report.totals, [{ currency: 'PHP', count: 5, amountMinor: 238950 }]);
    assert.deepEqual(
      report.voided.map((v: { method: string; amountMinor: number; voidReason: string; collectedByLabel: string }) => [v.method, v.amountMinor, v.voidReason, v.collectedByLabel]),
      [['cheque', 50000, 'Bounced', clerkLabel]],
    );
  });

  it('shows another day when asked, and refuses a date that is not one', async () => {
    const yesterday = (await getJson(t, owner, '/api/v1/reports/cashier?date=2026-11-26')).json();
    assert.deepEqual(yesterday.totals, [{ currency: 'PHP', count: 1, amountMinor: 7000 }]);
    assert.deepEqual(yesterday.voided, []);
    const bad = await getJson(t, owner, '/api/v1/reports/cashier?date=2026-13-01');
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().errors[0].field, 'date');
  });

  it('is for staff who may see billing', async () => {
    const tech = await addStaff(t, owner, 'technician');
    assert.equal((await getJson(t, tech, '/api/v1/reports/cashier')).statusCode, 403);
    const page = await getJson(t, owner, '/app/reports/cashier');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ana Owner/);
    assert.match(page.body, /Bounced/);
  });
});
