import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { addStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer } from '../../../test/helpers/factories.ts';
import { account, asOwner, countRows, getJson, invoiceState, issueInvoice, postJson } from './payments-test-kit.ts';

describe('voiding receipts', () => {
  let t: TestApp;
  let owner: StaffSession;

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Void Net' });
  });
  after(async () => {
    await t.close();
  });

  const pay = async (body: object): Promise<{ payment: { id: string }; receipt: { id: string; number: string } }> => {
    const res = await postJson(t, owner, '/api/v1/payments', body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };

  it('needs a reason (422 naming reason) and changes nothing without one', async () => {
    const c = await makeCustomer(t, owner);
    const r = await pay({ customerId: c.id, amount: '100', method: 'cash' });
    const allocations = await countRows(t, owner, 'allocations');
    for (const body of [{}, { reason: '   ' }]) {
      const res = await postJson(t, owner, `/api/v1/receipts/${r.receipt.id}/void`, body);
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().errors[0].field, 'reason');
      assert.equal(res.json().errors[0].rule, 'required');
    }
    assert.equal((await getJson(t, owner, `/api/v1/receipts/${r.receipt.id}`)).json().void, null);
    assert.equal(await countRows(t, owner, 'allocations'), allocations);
  });

  it('reverses the allocations, reopens the invoices, restores the balance and keeps the receipt listed as void', async () => {
    const c = await makeCustomer(t, owner);
    const first = await issueInvoice(t, owner, c.id, 100000);
    const second = await issueInvoice(t, owner, c.id, 100000);
    const before = await account(t, owner, c.id);
    const r = await pay({ customerId: c.id, amount: '1500', method: 'cheque', reference: 'CHQ 0012' });
    assert.equal((await invoiceState(t, owner, second.id)).status, 'partially_paid');

    const res = await postJson(t, owner, `/api/v1/receipts/${r.receipt.id}/void`, { reason: 'Cheque bounced' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().reversedMinor, 150000);
    assert.equal(res.json().receipt.void.reason, 'Cheque bounced');
    assert.deepEqual(await invoiceState(t, owner, first.id), { status: 'open', totalMinor: 100000, allocatedMinor: 0 });
    assert.deepEqual(await invoiceState(t, owner, second.id), { status: 'open', totalMinor: 100000, allocatedMinor: 0 });
    assert.deepEqual(await account(t, owner, c.id), before);

    const detail = (await getJson(t, owner, `/api/v1/payments/${r.payment.id}`)).json();
    assert.equal(detail.payment.status, 'void');
    assert.equal(detail.payment.voidReason, 'Cheque bounced');
    assert.ok(detail.allocations.every((a: { reversed: boolean }) => a.reversed));
    const listed = (await getJson(t, owner, `/api/v1/receipts?customerId=${c.id}`)).json();
    assert.deepEqual(
      listed.items.map((x: { number: string; void: { reason: string } | null }) => [x.number, x.void?.reason]),
      [[r.receipt.number, 'Cheque bounced']],
    );
    // Stored content is untouched: it still prints what the payment paid when issued.
    assert.equal(listed.items[0].content.applied.length, 2);

    const again = await postJson(t, owner, `/api/v1/receipts/${r.receipt.id}/void`, { reason: 'Twice' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'receipt_already_void');
    // The cashier report no longer counts it, and lists it apart.
    const report = (await getJson(t, owner, '/api/v1/reports/cashier')).json();
    assert.ok(report.voided.some((v: { receiptNumber: string }) => v.receiptNumber === r.receipt.number));
  });

  it('takes back credit that a later invoice spent, and lets other credit pay the reopened invoice', async () => {
    const c = await makeCustomer(t, owner);
    const early = await pay({ customerId: c.id, amount: '300', method: 'cash' });
    t.clock.advance(1000);
    const later = await pay({ customerId: c.id, amount: '200', method: 'cash' });
    // Oldest credit first: early pays 300 of this 400, later the remaining 100.
    const invoice = await issueInvoice(t, owner, c.id, 40000);
    assert.equal((await invoiceState(t, owner, invoice.id)).status, 'paid');
    const res = await postJson(t, owner, `/api/v1/receipts/${early.receipt.id}/void`, { reason: 'Counterfeit notes' });
    assert.equal(res.statusCode, 200, res.body);
    // The 100 left of the later payment pays part of what the void reopened.
    assert.deepEqual(await invoiceState(t, owner, invoice.id), { status: 'partially_paid', totalMinor: 40000, allocatedMinor: 20000 });
    assert.deepEqual(await account(t, owner, c.id), { balanceMinor: 20000, creditMinor: 0 });
    assert.ok(later);
  });

  it('is for staff who manage billing; 404 for an unknown receipt', async () => {
    const c = await makeCustomer(t, owner);
    const r = await pay({ customerId: c.id, amount: '50', method: 'cash' });
    const support = await addStaff(t, owner, 'support');
    const res = await postJson(t, support, `/api/v1/receipts/${r.receipt.id}/void`, { reason: 'Mine now' });
    assert.equal(res.statusCode, 403);
    const missing = await postJson(t, owner, `/api/v1/receipts/${randomUUID()}/void`, { reason: 'Nothing' });
    assert.equal(missing.statusCode, 404);
  });

  it('writes the void once: a retry with the same Idempotency-Key returns the first answer', async () => {
    const c = await makeCustomer(t, owner);
    const r = await pay({ customerId: c.id, amount: '75', method: 'cash' });
    const key = randomUUID();
    const first = await postJson(t, owner, `/api/v1/receipts/${r.receipt.id}/void`, { reason: 'Entered twice' }, key);
    const retry = await postJson(t, owner, `/api/v1/receipts/${r.receipt.id}/void`, { reason: 'Entered twice' }, key);
    assert.equal(first.statusCode, 200);
    assert.equal(retry.statusCode, 200);
    assert.deepEqual(retry.json(), first.json());
    const ledger = await asOwner(t, owner, (ctx) =>
      ctx.trx.selectFrom('ledger_entries').select('entry_type').where('tenant_id', '=', ctx.tenantId).where('payment_id', '=', r.payment.id).execute(),
    );
    assert.deepEqual(ledger.map((e) => e.entry_type).sort(), ['payment', 'payment_void']);
  });
});
