import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { addStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer } from '../../../test/helpers/factories.ts';
import { account, asOwner, countRows, getJson, invoiceState, issueInvoice, postJson } from './payments-test-kit.ts';

interface Recorded {
  payment: { id: string; amountMinor: number; status: string; collectedByLabel: string; receiptNumber: string };
  receipt: { id: string; number: string; kind: string; content: { applied: { invoiceNumber: string; amountMinor: number }[]; creditMinor: number; method: string; reference: string } };
}

describe('recording payments', () => {
  let t: TestApp;
  let owner: StaffSession;

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Pay Net' });
  });
  after(async () => {
    await t.close();
  });

  const pay = async (body: object, key?: string): Promise<Recorded> => {
    const res = await postJson(t, owner, '/api/v1/payments', body, key);
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };

  it('pays the oldest open invoices first and issues a receipt that says so', async () => {
    const c = await makeCustomer(t, owner);
    const older = await issueInvoice(t, owner, c.id, 100000);
    const newer = await issueInvoice(t, owner, c.id, 200000);
    const r = await pay({ customerId: c.id, amount: '2,500.00', method: 'gcash', reference: 'GC-7781' });
    assert.equal(r.payment.amountMinor, 250000);
    assert.equal(r.payment.status, 'posted');
    assert.equal(r.receipt.kind, 'official');
    assert.equal(r.receipt.number, r.payment.receiptNumber);
    assert.deepEqual(r.receipt.content.applied, [
      { invoiceNumber: older.number, amountMinor: 100000 },
      { invoiceNumber: newer.number, amountMinor: 150000 },
    ]);
    assert.equal(r.receipt.content.creditMinor, 0);
    assert.equal(r.receipt.content.reference, 'GC-7781');
    assert.deepEqual(await invoiceState(t, owner, older.id), { status: 'paid', totalMinor: 100000, allocatedMinor: 100000 });
    assert.deepEqual(await invoiceState(t, owner, newer.id), { status: 'partially_paid', totalMinor: 200000, allocatedMinor: 150000 });
    assert.deepEqual(await account(t, owner, c.id), { balanceMinor: 50000, creditMinor: 0 });
  });

  it('pays the invoices staff pick first, in their order, then the oldest', async () => {
    const c = await makeCustomer(t, owner);
    const first = await issueInvoice(t, owner, c.id, 100000);
    const second = await issueInvoice(t, owner, c.id, 100000);
    const third = await issueInvoice(t, owner, c.id, 100000);
    const r = await pay({ customerId: c.id, amount: '1500', method: 'cash', invoiceIds: [third.id, second.id] });
    // The receipt lists invoices in their own order; the amounts show which was paid first.
    assert.deepEqual(r.receipt.content.applied, [
      { invoiceNumber: second.number, amountMinor: 50000 },
      { invoiceNumber: third.number, amountMinor: 100000 },
    ]);
    const r2 = await pay({ customerId: c.id, amount: '600', method: 'cash', invoiceIds: [] });
    assert.deepEqual(r2.receipt.content.applied, [
      { invoiceNumber: first.number, amountMinor: 60000 },
    ]);
    // Nothing is left as credit while an invoice is unpaid: the rest went to the oldest.
    const r3 = await pay({ customerId: c.id, amount: '1000', method: 'cash', invoiceIds: [first.id] });
    assert.deepEqual(r3.receipt.content.applied, [
      { invoiceNumber: first.number, amountMinor: 40000 },
      { invoiceNumber: second.number, amountMinor: 50000 },
    ]);
    assert.equal(r3.receipt.content.creditMinor, 10000);
    for (const i of [first, second, third]) assert.equal((await invoiceState(t, owner, i.id)).status, 'paid');
  });

  it('keeps an overpayment as credit, which the next finalized invoice spends', async () => {
    const c = await makeCustomer(t, owner);
    const r = await pay({ customerId: c.id, amount: '5000', method: 'bank_transfer', reference: 'BDO 22-1' });
    assert.deepEqual(r.receipt.content.applied, []);
    assert.equal(r.receipt.content.creditMinor, 500000);
    assert.deepEqual(await account(t, owner, c.id), { balanceMinor: -500000, creditMinor: 500000 });
    const next = await issueInvoice(t, owner, c.id, 300000);
    assert.deepEqual(await invoiceState(t, owner, next.id), { status: 'paid', totalMinor: 300000, allocatedMinor: 300000 });
    assert.deepEqual(await account(t, owner, c.id), { balanceMinor: -200000, creditMinor: 200000 });
    // The receipt is stored as issued: it still says the whole payment was credit.
    const stored = await getJson(t, owner, `/api/v1/receipts/${r.receipt.id}`);
    assert.equal(stored.json().content.creditMinor, 500000);
    const detail = await getJson(t, owner, `/api/v1/payments/${r.payment.id}`);
    assert.deepEqual(
      detail.json().allocations.map((a: { invoiceId: string; amountMinor: number; reversed: boolean }) => [a.invoiceId, a.amountMinor, a.reversed]),
      [[next.id, 300000, false]],
    );
  });

  it('refuses bad input with 422 naming each field, and writes nothing', async () => {
    const c = await makeCustomer(t, owner);
    const open = await issueInvoice(t, owner, c.id, 1000);
    const other = await makeCustomer(t, owner);
    const before = await Promise.all([countRows(t, owner, 'payments'), countRows(t, owner, 'receipts'), countRows(t, owner, 'ledger_entries')]);
    const cases: [object, string, string][] = [
      [{ customerId: c.id, amount: 'abc', method: 'cash' }, 'amount', 'format'],
      [{ customerId: c.id, amount: '0.00', method: 'cash' }, 'amount', 'positive'],
      [{ customerId: c.id, amount: '1.234', method: 'cash' }, 'amount', 'format'],
      [{ customerId: c.id, amount: '-5', method: 'cash' }, 'amount', 'format'],
      [{ customerId: c.id, amount: '10', method: 'bitcoin' }, 'method', 'enum'],
      [{ customerId: c.id, amount: '10', method: 'gcash' }, 'reference', 'required'],
      [{ customerId: c.id, amount: '10', method: 'cash', receivedOn: '2026-11-28' }, 'receivedOn', 'not_future'],
      [{ customerId: c.id, amount: '10', method: 'cash', receivedOn: '2026-02-30' }, 'receivedOn', 'format'],
      [{ customerId: randomUUID(), amount: '10', method: 'cash' }, 'customerId', 'not_found'],
      [{ customerId: c.id, amount: '10', method: 'cash', invoiceIds: [randomUUID()] }, 'invoiceIds.0', 'not_payable'],
      [{ customerId: other.id, amount: '10', method: 'cash', invoiceIds: [open.id] }, 'invoiceIds.0', 'not_payable'],
      [{ customerId: c.id, amount: '10', method: 'cash', invoiceIds: [open.id, open.id] }, 'invoiceIds.1', 'duplicate'],
      [{ customerId: c.id, method: 'cash' }, 'amount', 'required'],
    ];
    for (const [body, field, rule] of cases) {
      const res = await postJson(t, owner, '/api/v1/payments', body);
      assert.equal(res.statusCode, 422, `${JSON.stringify(body)}: ${res.body}`);
      const problem = res.json();
      assert.ok(
        problem.errors.some((e: { field: string; rule: string }) => e.field === field && e.rule === rule),
        `${JSON.stringify(body)} names ${field} ${rule}: ${res.body}`,
      );
    }
    const afterCounts = await Promise.all([countRows(t, owner, 'payments'), countRows(t, owner, 'receipts'), countRows(t, owner, 'ledger_entries')]);
    assert.deepEqual(afterCounts, before);
    assert.equal((await invoiceState(t, owner, open.id)).status, 'open');
  });

  it('lets only staff who collect payments record them', async () => {
    const c = await makeCustomer(t, owner);
    const readOnly = await addStaff(t, owner, 'read_only');
    const res = await postJson(t, readOnly, '/api/v1/payments', { customerId: c.id, amount: '10', method: 'cash' });
    assert.equal(res.statusCode, 403);
    const support = await addStaff(t, owner, 'support');
    const ok = await postJson(t, support, '/api/v1/payments', { customerId: c.id, amount: '10', method: 'cash' });
    assert.equal(ok.statusCode, 201);
    assert.match(ok.json().payment.collectedByLabel, /^Staff /);
  });

  it('answers a retry with the same Idempotency-Key with the first response and records nothing new', async () => {
    const c = await makeCustomer(t, owner);
    const key = randomUUID();
    const body = { customerId: c.id, amount: '300.00', method: 'maya', reference: 'MY-1' };
    const first = await postJson(t, owner, '/api/v1/payments', body, key);
    assert.equal(first.statusCode, 201);
    const again = await postJson(t, owner, '/api/v1/payments', { reference: 'MY-1', method: 'maya', amount: '300.00', customerId: c.id }, key);
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), first.json());
    const list = await getJson(t, owner, `/api/v1/payments?customerId=${c.id}`);
    assert.equal(list.json().items.length, 1);

    const reused = await postJson(t, owner, '/api/v1/payments', { ...body, amount: '301.00' }, key);
    assert.equal(reused.statusCode, 422);
    assert.equal(reused.json().code, 'idempotency_key_reused');
    assert.equal(reused.json().errors[0].field, 'Idempotency-Key');
    const bad = await postJson(t, owner, '/api/v1/payments', body, 'x'.repeat(256));
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].field, 'Idempotency-Key');
    assert.equal((await getJson(t, owner, `/api/v1/payments?customerId=${c.id}`)).json().items.length, 1);
  });

  it('records concurrent identical requests with one key once; both get the same response', async () => {
    const c = await makeCustomer(t, owner);
    const key = randomUUID();
    const body = { customerId: c.id, amount: '450.00', method: 'cash' };
    const responses = await Promise.all([1, 2, 3].map(() => postJson(t, owner, '/api/v1/payments', body, key)));
    for (const res of responses) {
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json(), responses[0]?.json());
    }
    assert.equal((await getJson(t, owner, `/api/v1/payments?customerId=${c.id}`)).json().items.length, 1);
    assert.deepEqual(await account(t, owner, c.id), { balanceMinor: -45000, creditMinor: 45000 });
  });

  it('never over-allocates when two payments hit one invoice at once; the excess is credit', async () => {
    const c = await makeCustomer(t, owner);
    const invoice = await issueInvoice(t, owner, c.id, 100000);
    const [a, b] = await Promise.all([
      pay({ customerId: c.id, amount: '800', method: 'cash' }),
      pay({ customerId: c.id, amount: '800', method: 'card', reference: 'APPR 1' }),
    ]);
    assert.ok(a && b);
    assert.deepEqual(await invoiceState(t, owner, invoice.id), { status: 'paid', totalMinor: 100000, allocatedMinor: 100000 });
    const applied = [a, b].map((r) => r.receipt.content.applied.reduce((s, x) => s + x.amountMinor, 0)).sort((x, y) => x - y);
    assert.deepEqual(applied, [20000, 80000]);
    for (const r of [a, b]) assert.ok(r.receipt.content.applied.reduce((s, x) => s + x.amountMinor, 0) + r.receipt.content.creditMinor === 80000);
    assert.deepEqual(await account(t, owner, c.id), { balanceMinor: -60000, creditMinor: 60000 });
  });

  it('numbers receipts without gaps under concurrency, and a refused payment takes no number', async () => {
    const fresh = await signUpTenant(t, { companyName: 'Numbers Net' });
    const customers = await Promise.all(Array.from({ length: 5 }, () => makeCustomer(t, fresh)));
    const attempts = Array.from({ length: 21 }, (_, i) => {
      const customer = customers[i % customers.length];
      assert.ok(customer);
      // One is refused (a cheque without its reference): it must not leave a hole.
      const body = i === 10 ? { customerId: customer.id, amount: '10', method: 'cheque' } : { customerId: customer.id, amount: `${i + 1}.00`, method: 'cash' };
      return postJson(t, fresh, '/api/v1/payments', body);
    });
    const responses = await Promise.all(attempts);
    assert.equal(responses.filter((r) => r.statusCode === 422).length, 1);
    const numbers = responses.filter((r) => r.statusCode === 201).map((r) => r.json().receipt.number as string).sort();
    assert.deepEqual(numbers, Array.from({ length: 20 }, (_, i) => `OR-${String(i + 1).padStart(6, '0')}`));
    const seqs = await asOwner(t, fresh, (ctx) => ctx.trx.selectFrom('receipts').select('number_seq').where('tenant_id', '=', ctx.tenantId).orderBy('number_seq').execute());
    assert.deepEqual(seqs.map((s) => Number(s.number_seq)), Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('finds payments by any part of the reference in any case, and by customer', async () => {
    const c = await makeCustomer(t, owner);
    const d = await makeCustomer(t, owner);
    await pay({ customerId: c.id, amount: '1', method: 'gcash', reference: 'GCash-Ref-ABC123' });
    t.clock.advance(1000);
    await pay({ customerId: d.id, amount: '2', method: 'mpesa', reference: 'QK7ABC9' });
    t.clock.advance(1000);
    await pay({ customerId: d.id, amount: '3', method: 'cash', reference: '100%_match' });
    const byRef = await getJson(t, owner, '/api/v1/payments?q=abc');
    assert.deepEqual(byRef.json().items.map((p: { reference: string }) => p.reference).sort(), ['GCash-Ref-ABC123', 'QK7ABC9']);
    const literal = await getJson(t, owner, `/api/v1/payments?q=${encodeURIComponent('0%_')}`);
    assert.deepEqual(literal.json().items.map((p: { reference: string }) => p.reference), ['100%_match']);
    const byCustomer = await getJson(t, owner, `/api/v1/payments?customerId=${d.id}`);
    assert.deepEqual(byCustomer.json().items.map((p: { amount: string }) => p.amount), ['3.00', '2.00']);
    const page = await getJson(t, owner, `/api/v1/payments?customerId=${d.id}&limit=1`);
    const next = await getJson(t, owner, `/api/v1/payments?customerId=${d.id}&limit=1&cursor=${page.json().nextCursor as string}`);
    assert.deepEqual(next.json().items.map((p: { amount: string }) => p.amount), ['2.00']);
  });
});
