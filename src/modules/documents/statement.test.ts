import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';
import { customerBalance } from '../billing/ledger-repository.ts';
import { adjustBalance, issueCreditNote, issueInvoice, payWithReceipt, voidReceipt } from './document-fixtures.ts';
import type { Statement } from './get-statement.ts';
import { pdfText } from './read-pdf-text.ts';

interface Problem {
  code: string;
  errors?: { field: string; rule: string }[];
}

/** 11:00 in Manila (the tenant's zone) on that day. */
const on = (date: string) => new Date(`${date}T03:00:00Z`);

describe('statement of account', () => {
  let t: TestApp;
  let a: StaffSession;
  let other: StaffSession;
  let customerId: string;
  const doc: Record<string, { id: string; number: string }> = {};

  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
    other = await signUpTenant(t, { companyName: 'Other ISP' });
    const customer = await makeCustomer(t, a, { first_name: 'Lorna', last_name: 'Cruz' });
    customerId = customer.id;
    const db = t.app.db;
    // August: invoiced 1,000.00, paid 600.00. September: invoiced 1,000.00, an adjustment of
    // 25.00, paid 500.00, credited 100.00. October: the September receipt is voided and a
    // third invoice issued.
    doc.august = await issueInvoice(db, a, { customerId, at: on('2026-08-05') });
    await payWithReceipt(db, a, { customerId, amountMinor: 60000, at: on('2026-08-20') });
    doc.september = await issueInvoice(db, a, { customerId, at: on('2026-09-05') });
    await adjustBalance(db, a, { customerId, amountMinor: 2500, reason: 'Opening balance from the old system', on: '2026-09-10' });
    const paid = await payWithReceipt(db, a, { customerId, amountMinor: 50000, at: on('2026-09-15'), method: 'bank_transfer', reference: 'BDO-1' });
    doc.receipt = { id: paid.receiptId, number: paid.receiptNumber };
    doc.credit = await issueCreditNote(db, a, { invoiceId: doc.september.id, subtotalMinor: 10000, taxMinor: 0, reason: 'Outage', at: on('2026-09-20') });
    await voidReceipt(db, a, { receiptId: paid.receiptId, reason: 'Transfer reversed by the bank', at: on('2026-10-02') });
    doc.october = await issueInvoice(db, a, { customerId, at: on('2026-10-05') });
  });
  after(async () => {
    await t.close();
  });

  const statement = async (query: string) => {
    const res = await asStaff(t, a, { method: 'GET', url: `/api/v1/customers/${customerId}/statement${query}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Statement & { entries: Statement['entries'] }>();
  };

  it('opens with the balance before the range, runs the balance through each entry, and closes with the balance at its end', async () => {
    const s = await statement('?from=2026-09-01&to=2026-09-30');
    assert.equal(s.from, '2026-09-01');
    assert.equal(s.to, '2026-09-30');
    assert.equal(s.currency, 'PHP');
    assert.equal(s.openingBalanceMinor, 40000, '1,000.00 invoiced less 600.00 paid in August');
    assert.deepEqual(
      s.entries.map((e) => [e.effectiveOn, e.entryType, e.documentType, e.documentNumber, e.amountMinor, e.balanceMinor]),
      [
        ['2026-09-05', 'invoice', 'invoice', doc.september?.number, 100000, 140000],
        ['2026-09-10', 'adjustment', 'adjustment', null, 2500, 142500],
        ['2026-09-15', 'payment', 'receipt', doc.receipt?.number, -50000, 92500],
        ['2026-09-20', 'credit_note', 'credit_note', doc.credit?.number, -10000, 82500],
      ],
    );
    assert.equal(s.entries[1]?.description, 'Balance adjustment: Opening balance from the old system');
    assert.equal(s.entries[2]?.documentId, doc.receipt?.id);
    assert.equal(s.closingBalanceMinor, 82500);

    // The next range opens where this one closed; the voided receipt puts its 500.00 back.
    const october = await statement('?from=2026-10-01&to=2026-10-31');
    assert.equal(october.openingBalanceMinor, 82500);
    assert.deepEqual(
      october.entries.map((e) => [e.entryType, e.documentType, e.documentNumber, e.balanceMinor]),
      [
        ['payment_void', 'receipt', doc.receipt?.number, 132500],
        ['invoice', 'invoice', doc.october?.number, 232500],
      ],
    );
    const balance = await withTenant(t.app.db, a.tenantId, (trx) => customerBalance(trx, a.tenantId, customerId));
    assert.equal(october.closingBalanceMinor, balance, 'the last closing balance is the ledger balance');
  });

  it('defaults to the month so far in the tenant zone, and includes both ends of a one-day range', async () => {
    const s = await statement('');
    assert.equal(s.from, '2026-11-01');
    assert.equal(s.to, '2026-11-27');
    assert.equal(s.openingBalanceMinor, 232500);
    assert.deepEqual(s.entries, []);
    const day = await statement('?from=2026-09-15&to=2026-09-15');
    assert.equal(day.openingBalanceMinor, 142500);
    assert.deepEqual(day.entries.map((e) => e.amountMinor), [-50000]);
  });

  it('refuses a reversed range or a date that does not exist with a 422 naming the field', async () => {
    const reversed = await asStaff(t, a, { method: 'GET', url: `/api/v1/customers/${customerId}/statement?from=2026-10-01&to=2026-09-01` });
    assert.equal(reversed.statusCode, 422);
    assert.deepEqual(reversed.json<Problem>().errors?.map((e) => [e.field, e.rule]), [['from', 'before_to']]);
    const unreal = await asStaff(t, a, { method: 'GET', url: `/api/v1/customers/${customerId}/statement?from=2026-02-30&to=soon` });
    assert.equal(unreal.statusCode, 422);
    assert.deepEqual(unreal.json<Problem>().errors?.map((e) => e.field), ['from', 'to']);
    const pdf = await asStaff(t, a, { method: 'GET', url: `/api/v1/customers/${customerId}/statement.pdf?from=2026-10-01&to=2026-09-01` });
    assert.equal(pdf.statusCode, 422);

    const page = await asStaff(t, a, { method: 'GET', url: `/app/customers/${customerId}/statement?from=2026-10-01&to=2026-09-01` });
    assert.equal(page.statusCode, 422);
    assert.match(page.body, /From must be on or before To/);
    assert.doesNotMatch(page.body, /data-testid="statement"/);
  });

  it('shows the statement page with links to each document’s PDF and a PDF of the same range', async () => {
    const page = await asStaff(t, a, { method: 'GET', url: `/app/customers/${customerId}/statement?from=2026-09-01&to=2026-09-30` });
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /Lorna Cruz/);
    assert.match(page.body, /data-testid="opening-balance"[\s\S]*?₱400\.00/);
    assert.match(page.body, /data-testid="closing-balance"[\s\S]*?₱825\.00/);
    assert.ok(page.body.includes(`href="/app/invoices/${doc.september?.id}/pdf"`));
    assert.ok(page.body.includes(`href="/app/receipts/${doc.receipt?.id}/pdf"`));
    assert.ok(page.body.includes(`href="/app/credit-notes/${doc.credit?.id}/pdf"`));
    assert.ok(page.body.includes(`href="/app/customers/${customerId}/statement.pdf?from=2026-09-01&amp;to=2026-09-30"`));

    const pdf = await asStaff(t, a, { method: 'GET', url: `/app/customers/${customerId}/statement.pdf?from=2026-09-01&to=2026-09-30` });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(String(pdf.headers['content-disposition']), /^attachment; filename="statement-FAC-\d+-2026-09-01-2026-09-30\.pdf"$/);
    const lines = pdfText(pdf.rawPayload).split('\n');
    for (const expected of ['STATEMENT OF ACCOUNT', 'Lorna Cruz', 'Opening balance', 'PHP 400.00', doc.september?.number ?? '', 'PHP 1,400.00', doc.receipt?.number ?? '', 'PHP 925.00', 'Closing balance', 'PHP 825.00', 'Balance due']) {
      assert.ok(lines.includes(expected), `"${expected}" in:\n${lines.join('\n')}`);
    }
    assert.ok(!lines.includes(doc.october?.number ?? ''), 'an entry after the range is left out');
  });

  it('is not found for another tenant’s customer', async () => {
    for (const url of [`/api/v1/customers/${customerId}/statement`, `/app/customers/${customerId}/statement`]) {
      assert.equal((await asStaff(t, other, { method: 'GET', url })).statusCode, 404, url);
    }
  });
});
