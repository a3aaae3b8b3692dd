import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer } from '../../../test/helpers/factories.ts';
import { addTaxRate, billingCounts, caller, ledgerSum, payCash, problemFields, type Problem } from '../invoices/invoice-test-kit.ts';

interface Invoice {
  id: string;
  number: string;
  status: string;
  totalMinor: number;
  dueMinor: number;
  creditedMinor: number;
  creditableMinor: number;
  creditNotes: { id: string; totalMinor: number; remainingMinor: number }[];
}
interface CreditNote {
  id: string;
  number: string;
  invoiceNumber: string;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  remainingMinor: number;
  customer: { name: string };
}
interface Balance {
  balanceMinor: number;
  standing: string;
  credit: { kind: string; id: string; remainingMinor: number }[];
}
interface Entry {
  entryType: string;
  amountMinor: number;
  balanceAfterMinor: number;
  document: { type: string; id: string; number: string | null };
}

describe('credit notes, refunds and adjustments', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;
  let api: ReturnType<typeof caller>;
  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
    b = await signUpTenant(t, { companyName: 'Bravo Net' });
    await addTaxRate(t, a, 'standard', 120_000, false);
    api = caller(t, a);
  });
  after(async () => {
    await t.close();
  });

  async function openInvoice(customerId: string, unitPrice: string): Promise<Invoice> {
    const draft = await api.expect<Invoice>(201, 'POST', '/api/v1/invoices', { customerId, lines: [{ kind: 'equipment', description: 'Router', unitPrice }] });
    return api.expect<Invoice>(200, 'POST', `/api/v1/invoices/${draft.id}/finalize`);
  }

  /** The balance the API reports, the sum of the entries and the running balance all agree. */
  async function assertLedgerBalances(customerId: string, expected: number): Promise<Entry[]> {
    const balance = await api.expect<Balance>(200, 'GET', `/api/v1/customers/${customerId}/balance`);
    const ledger = await api.expect<{ items: Entry[] }>(200, 'GET', `/api/v1/customers/${customerId}/ledger?limit=200`);
    assert.equal(balance.balanceMinor, expected);
    assert.equal(await ledgerSum(t, a, customerId), expected);
    assert.equal(ledger.items.reduce((s, e) => s + e.amountMinor, 0), expected);
    assert.equal(ledger.items[0]?.balanceAfterMinor ?? 0, expected);
    return ledger.items;
  }

  it('credits tax in the invoice’s proportion, pays the invoice first, and never credits more than remains', async () => {
    const customer = await makeCustomer(t, a);
    const invoice = await openInvoice(customer.id, '1000.00'); // 1120.00 with 12% VAT
    await assertLedgerBalances(customer.id, 112000);

    const before = await billingCounts(t, a);
    const tooMuch = await api.call('POST', '/api/v1/credit-notes', { invoiceId: invoice.id, amount: '1120.01', reason: 'Too much' });
    assert.equal(tooMuch.statusCode, 422);
    assert.deepEqual(problemFields(tooMuch), ['amount']);
    assert.match(tooMuch.json<Problem>().detail, /1120\.00/);
    const noReason = await api.call('POST', '/api/v1/credit-notes', { invoiceId: invoice.id, amount: '10', reason: '' });
    assert.deepEqual(problemFields(noReason), ['reason']);
    const zero = await api.call('POST', '/api/v1/credit-notes', { invoiceId: invoice.id, amount: '0', reason: 'Nothing' });
    assert.deepEqual(problemFields(zero), ['amount']);
    assert.deepEqual(await billingCounts(t, a), before);

    const first = await api.expect<CreditNote>(201, 'POST', '/api/v1/credit-notes', { invoiceId: invoice.id, amount: '560.00', reason: 'Two weeks without service' });
    assert.match(first.number, /^CN-\d{6}$/);
    assert.equal(first.invoiceNumber, invoice.number);
    assert.deepEqual([first.subtotalMinor, first.taxMinor, first.totalMinor], [50000, 6000, 56000]);
    // Applied to its invoice: nothing left as credit.
    assert.equal(first.remainingMinor, 0);
    const half = await api.expect<Invoice>(200, 'GET', `/api/v1/invoices/${invoice.id}`);
    assert.equal(half.status, 'partially_paid');
    assert.equal(half.dueMinor, 56000);
    assert.equal(half.creditableMinor, 56000);
    await assertLedgerBalances(customer.id, 56000);

    const over = await api.call('POST', '/api/v1/credit-notes', { invoiceId: invoice.id, amount: '560.01', reason: 'Over' });
    assert.equal(over.statusCode, 422);
    assert.deepEqual(problemFields(over), ['amount']);
    const rest = await api.expect<CreditNote>(201, 'POST', '/api/v1/credit-notes', { invoiceId: invoice.id, amount: '560.00', reason: 'The rest' });
    assert.equal(Number(rest.number.slice(3)), Number(first.number.slice(3)) + 1);
    const credited = await api.expect<Invoice>(200, 'GET', `/api/v1/invoices/${invoice.id}`);
    assert.equal(credited.status, 'paid');
    assert.equal(credited.creditableMinor, 0);
    const nothingLeft = await api.call('POST', '/api/v1/credit-notes', { invoiceId: invoice.id, amount: '0.01', reason: 'More' });
    assert.deepEqual(problemFields(nothingLeft), ['amount']);
    await assertLedgerBalances(customer.id, 0);

    // With credit notes on it, the invoice is corrected by credit notes, not voided.
    const voiding = await api.call('POST', `/api/v1/invoices/${invoice.id}/void`, { reason: 'x' });
    assert.equal(voiding.statusCode, 409);
    assert.equal(voiding.json<Problem>().code, 'invoice_has_credit_notes');
  });

  it('a credit note on a paid invoice becomes credit, then a refund pays it out; the ledger balances after each step', async () => {
    const customer = await makeCustomer(t, a);
    const invoice = await openInvoice(customer.id, '500.00'); // 560.00
    await payCash(t, a, customer.id, 56000);
    assert.equal((await api.expect<Invoice>(200, 'GET', `/api/v1/invoices/${invoice.id}`)).status, 'paid');
    await assertLedgerBalances(customer.id, 0);

    const note = await api.expect<CreditNote>(201, 'POST', '/api/v1/credit-notes', { invoiceId: invoice.id, amount: '200.00', reason: 'Outage credit' });
    assert.equal(note.remainingMinor, 20000);
    const afterNote = await api.expect<Balance>(200, 'GET', `/api/v1/customers/${customer.id}/balance`);
    assert.equal(afterNote.standing, 'in_credit');
    assert.deepEqual(afterNote.credit.map((c) => [c.kind, c.id, c.remainingMinor]), [['credit_note', note.id, 20000]]);
    await assertLedgerBalances(customer.id, -20000);

    const before = await billingCounts(t, a);
    const tooMuch = await api.call('POST', '/api/v1/refunds', { customerId: customer.id, sourceId: note.id, amount: '200.01', method: 'gcash', reason: 'Refund' });
    assert.equal(tooMuch.statusCode, 422);
    assert.deepEqual(problemFields(tooMuch), ['amount']);
    const badMethod = await api.call('POST', '/api/v1/refunds', { customerId: customer.id, sourceId: note.id, amount: '1', method: 'barter', reason: 'Refund' });
    assert.equal(badMethod.statusCode, 422);
    assert.deepEqual(problemFields(badMethod), ['method']);
    const noSource = await api.call('POST', '/api/v1/refunds', { customerId: customer.id, sourceId: invoice.id, amount: '1', method: 'cash', reason: 'Refund' });
    assert.deepEqual(problemFields(noSource), ['sourceId']);
    assert.deepEqual(await billingCounts(t, a), before);

    const refund = await api.expect<{ id: string; amountMinor: number; sourceKind: string }>(201, 'POST', '/api/v1/refunds', {
      customerId: customer.id,
      sourceId: note.id,
      amount: '150.00',
      method: 'gcash',
      reference: 'GC-778812',
      reason: 'Customer asked for the credit back',
    });
    assert.deepEqual([refund.amountMinor, refund.sourceKind], [15000, 'credit_note']);
    await assertLedgerBalances(customer.id, -5000);
    const left = await api.expect<CreditNote>(200, 'GET', `/api/v1/credit-notes/${note.id}`);
    assert.equal(left.remainingMinor, 5000);

    const adjusted = await api.expect<{ amountMinor: number }>(201, 'POST', '/api/v1/adjustments', { customerId: customer.id, amount: '-25.50', reason: 'Goodwill' });
    assert.equal(adjusted.amountMinor, -2550);
    const entries = await assertLedgerBalances(customer.id, -7550);
    assert.deepEqual(
      entries.map((e) => [e.entryType, e.amountMinor, e.document.type]),
      [
        ['adjustment', -2550, 'adjustment'],
        ['refund', 15000, 'refund'],
        ['credit_note', -20000, 'credit_note'],
        ['payment', -56000, 'payment'],
        ['invoice', 56000, 'invoice'],
      ],
    );
    assert.equal(entries[4]?.document.number, invoice.number);
    assert.equal(entries[2]?.document.number, note.number);

    for (const amount of ['0', 'abc', '1.001', '']) {
      const bad = await api.call('POST', '/api/v1/adjustments', { customerId: customer.id, amount, reason: 'x' });
      assert.equal(bad.statusCode, 422, amount);
      assert.deepEqual(problemFields(bad), ['amount'], amount);
    }
    await assertLedgerBalances(customer.id, -7550);
  });

  it('retries with the same Idempotency-Key return the first credit note; other content under the key is refused', async () => {
    const customer = await makeCustomer(t, a);
    const invoice = await openInvoice(customer.id, '100.00');
    const body = { invoiceId: invoice.id, amount: '10.00', reason: 'Retry' };
    const headers = { 'idempotency-key': `cn-${invoice.id}` };
    const first = await api.expect<CreditNote>(201, 'POST', '/api/v1/credit-notes', body, headers);
    const retry = await api.call('POST', '/api/v1/credit-notes', body, headers);
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.json<CreditNote>().id, first.id);
    const other = await api.call('POST', '/api/v1/credit-notes', { ...body, amount: '11.00' }, headers);
    assert.equal(other.statusCode, 422);
    assert.equal((await api.expect<Invoice>(200, 'GET', `/api/v1/invoices/${invoice.id}`)).creditNotes.length, 1);
  });

  it("refuses another tenant's invoice, credit note and customer", async () => {
    const customer = await makeCustomer(t, a);
    const invoice = await openInvoice(customer.id, '100.00');
    const note = await api.expect<CreditNote>(201, 'POST', '/api/v1/credit-notes', { invoiceId: invoice.id, amount: '10.00', reason: 'Mine' });
    const intruder = caller(t, b);
    const before = await billingCounts(t, a);
    assert.equal((await intruder.call('GET', `/api/v1/credit-notes/${note.id}`)).statusCode, 404);
    assert.equal((await intruder.call('POST', '/api/v1/credit-notes', { invoiceId: invoice.id, amount: '1', reason: 'x' })).statusCode, 404);
    assert.equal((await intruder.call('GET', `/api/v1/customers/${customer.id}/balance`)).statusCode, 404);
    const refund = await intruder.call('POST', '/api/v1/refunds', { customerId: customer.id, sourceId: note.id, amount: '1', method: 'cash', reason: 'x' });
    assert.deepEqual(problemFields(refund), ['customerId']);
    const adjust = await intruder.call('POST', '/api/v1/adjustments', { customerId: customer.id, amount: '1', reason: 'x' });
    assert.deepEqual(problemFields(adjust), ['customerId']);
    assert.deepEqual(await billingCounts(t, a), before);
  });
});
