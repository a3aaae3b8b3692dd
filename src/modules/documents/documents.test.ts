import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';
import { NO_TAX } from '../billing/line-tax.ts';
import { insertDraftInvoice } from '../invoices/invoices-repository.ts';
import { priceLine } from '../invoices/price-line.ts';
import { issueCreditNote, issueInvoice, payWithReceipt, VAT_12, voidInvoice, voidReceipt } from './document-fixtures.ts';
import { pdfText } from './read-pdf-text.ts';

/** A real 1x1 PNG (pdfkit decodes the image, so a fake one would not do). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const NOV_27 = new Date('2026-11-27T03:00:00Z');

describe('billing document PDFs', () => {
  let t: TestApp;
  let a: StaffSession;
  let other: StaffSession;
  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
    other = await signUpTenant(t, { companyName: 'Other ISP' });
    await withTenant(t.app.db, a.tenantId, (trx) =>
      trx
        .updateTable('tenant_settings')
        .set({ legal_name: 'Alpha Fiber Internet Inc.', address: '12 Rizal St, Bacoor, Cavite', tax_id: '123-456-789-000', phone: '+63 46 555 0100', email: 'billing@alpha.test', logo: PNG, logo_content_type: 'image/png' })
        .where('tenant_id', '=', a.tenantId)
        .execute(),
    );
  });
  after(async () => {
    await t.close();
  });

  const get = (staff: StaffSession, url: string) => asStaff(t, staff, { method: 'GET', url });
  const rename = (customerId: string, firstName: string) =>
    withTenant(t.app.db, a.tenantId, (trx) => trx.updateTable('customers').set({ first_name: firstName }).where('tenant_id', '=', a.tenantId).where('id', '=', customerId).execute());

  it('prints an invoice with the company, the customer as issued, lines, tax per rate, totals and what is still due', async () => {
    const customer = await makeCustomer(t, a, { first_name: 'Maria', last_name: 'Santos', service_address: 'Blk 4 Lot 7, Molino III' });
    const invoice = await issueInvoice(t.app.db, a, {
      customerId: customer.id,
      at: NOV_27,
      lines: [
        { kind: 'service', description: 'Fiber 50 Mbps', unitPriceMinor: 149900, tax: VAT_12, periodStart: '2026-11-01', periodEnd: '2026-12-01' },
        { kind: 'installation_fee', description: 'Installation', unitPriceMinor: 25000, quantity: 2, tax: NO_TAX },
      ],
      memo: 'Thank you for choosing Alpha Fiber.',
    });
    const paid = await payWithReceipt(t.app.db, a, { customerId: customer.id, amountMinor: 100000, at: NOV_27 });
    await rename(customer.id, 'Renamed');

    const res = await get(a, `/api/v1/invoices/${invoice.id}/pdf`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['content-disposition'], `attachment; filename="${invoice.number}.pdf"`);
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.match(res.rawPayload.toString('latin1'), /\/Subtype \/Image/, 'the PNG logo is embedded');
    const lines = pdfText(res.rawPayload).split('\n');
    for (const expected of [
      'INVOICE',
      invoice.number,
      'Alpha Fiber Internet Inc.',
      '12 Rizal St, Bacoor, Cavite',
      'Tax ID: 123-456-789-000',
      '+63 46 555 0100 · billing@alpha.test',
      'Maria Santos',
      'Blk 4 Lot 7, Molino III',
      'Nov 27, 2026',
      'Fiber 50 Mbps',
      'Nov 1, 2026 - Nov 30, 2026',
      'VAT 12%',
      'PHP 1,499.00',
      'PHP 250.00',
      'PHP 500.00',
      'Subtotal (before tax)',
      'PHP 1,999.00',
      'VAT 12% on PHP 1,499.00',
      'PHP 179.88',
      'PHP 2,178.88',
      `Payment ${paid.receiptNumber}`,
      'Amount paid',
      'PHP 1,000.00',
      'Amount due',
      'PHP 1,178.88',
      'Thank you for choosing Alpha Fiber.',
    ]) {
      assert.ok(lines.includes(expected), `"${expected}" in:\n${lines.join('\n')}`);
    }
    assert.ok(!lines.some((l) => l.includes('Renamed')), 'the renamed customer is not re-read');
    assert.ok(!lines.includes('VOID'));

    const page = await get(a, `/app/invoices/${invoice.id}/pdf`);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['content-type'], 'application/pdf');
    assert.ok(page.rawPayload.equals(res.rawPayload), 'the same document renders to the same bytes (dated by the invoice, not the clock)');
  });

  it('marks a voided invoice VOID with its reason, and leaves out a logo pdfkit cannot read', async () => {
    await withTenant(t.app.db, a.tenantId, (trx) => trx.updateTable('tenant_settings').set({ logo: Buffer.from('GIF89a...'), logo_content_type: 'image/gif' }).where('tenant_id', '=', a.tenantId).execute());
    const customer = await makeCustomer(t, a);
    const invoice = await issueInvoice(t.app.db, a, { customerId: customer.id, at: NOV_27 });
    await voidInvoice(t.app.db, a, { invoiceId: invoice.id, reason: 'Billed the wrong plan', at: new Date('2026-11-28T03:00:00Z') });
    const res = await get(a, `/api/v1/invoices/${invoice.id}/pdf`);
    assert.equal(res.statusCode, 200, res.body);
    assert.doesNotMatch(res.rawPayload.toString('latin1'), /\/Subtype \/Image/);
    const lines = pdfText(res.rawPayload).split('\n');
    assert.ok(lines.includes('VOID'), lines.join('\n'));
    assert.ok(lines.includes('VOID SINCE NOV 28, 2026'));
    assert.ok(lines.includes('Billed the wrong plan'));
    assert.ok(!lines.includes('Amount due'), 'a void invoice asks for nothing');
    await withTenant(t.app.db, a.tenantId, (trx) => trx.updateTable('tenant_settings').set({ logo: PNG, logo_content_type: 'image/png' }).where('tenant_id', '=', a.tenantId).execute());
  });

  it('prints a receipt from what it stored: wording by kind, method, reference, what it paid; VOID once voided', async () => {
    const customer = await makeCustomer(t, a, { first_name: 'Jose', last_name: 'Rizal' });
    const invoice = await issueInvoice(t.app.db, a, { customerId: customer.id, at: NOV_27, lines: [{ unitPriceMinor: 80000 }] });
    const paid = await payWithReceipt(t.app.db, a, { customerId: customer.id, amountMinor: 100000, at: NOV_27, method: 'gcash', reference: 'GC-7781-2231' });
    await rename(customer.id, 'Changed');

    const res = await get(a, `/app/receipts/${paid.receiptId}/pdf`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-disposition'], `attachment; filename="${paid.receiptNumber}.pdf"`);
    let lines = pdfText(res.rawPayload).split('\n');
    for (const expected of ['OFFICIAL RECEIPT', paid.receiptNumber, 'Jose Rizal', 'PHP 1,000.00', 'GCash', 'GC-7781-2231', 'Cashier One', invoice.number, 'PHP 800.00', 'Kept as credit on the account', 'PHP 200.00']) {
      assert.ok(lines.includes(expected), `"${expected}" in:\n${lines.join('\n')}`);
    }
    assert.ok(!lines.includes('VOID'));

    await voidReceipt(t.app.db, a, { receiptId: paid.receiptId, reason: 'Cheque bounced', at: NOV_27 });
    lines = pdfText((await get(a, `/api/v1/receipts/${paid.receiptId}/pdf`)).rawPayload).split('\n');
    assert.ok(lines.includes('VOID') && lines.includes('Cheque bounced'), lines.join('\n'));
    assert.ok(lines.includes(invoice.number), 'a void receipt still shows what it paid when issued');

    await withTenant(t.app.db, a.tenantId, (trx) => trx.updateTable('tenant_settings').set({ receipt_kind: 'acknowledgment' }).where('tenant_id', '=', a.tenantId).execute());
    const ack = await payWithReceipt(t.app.db, a, { customerId: customer.id, amountMinor: 5000, at: NOV_27 });
    lines = pdfText((await get(a, `/api/v1/receipts/${ack.receiptId}/pdf`)).rawPayload).split('\n');
    assert.ok(lines.includes('ACKNOWLEDGMENT RECEIPT') && !lines.includes('OFFICIAL RECEIPT'), lines.join('\n'));
  });

  it('prints a credit note with the invoice it credits, the reason, the tax and where the credit went', async () => {
    const customer = await makeCustomer(t, a, { first_name: 'Ana', last_name: 'Reyes' });
    const invoice = await issueInvoice(t.app.db, a, { customerId: customer.id, at: NOV_27, lines: [{ unitPriceMinor: 100000, tax: VAT_12 }] });
    const note = await issueCreditNote(t.app.db, a, { invoiceId: invoice.id, subtotalMinor: 10000, taxMinor: 1200, reason: 'Three days without service', at: NOV_27 });
    await rename(customer.id, 'Other');
    const res = await get(a, `/api/v1/credit-notes/${note.id}/pdf`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-disposition'], `attachment; filename="${note.number}.pdf"`);
    const lines = pdfText(res.rawPayload).split('\n');
    for (const expected of ['CREDIT NOTE', note.number, invoice.number, 'Ana Reyes', 'Three days without service', 'PHP 100.00', 'PHP 12.00', 'PHP 112.00', `Applied to invoice ${invoice.number}`]) {
      assert.ok(lines.includes(expected), `"${expected}" in:\n${lines.join('\n')}`);
    }
    assert.equal((await get(a, `/app/credit-notes/${note.id}/pdf`)).statusCode, 200);
  });

  it('refuses a draft (409), another tenant’s or an unknown document (404), anonymous callers and staff without billing.read', async () => {
    const customer = await makeCustomer(t, a);
    const draftId = await withTenant(t.app.db, a.tenantId, (trx) =>
      insertDraftInvoice(
        trx,
        a.tenantId,
        { customerId: customer.id, kind: 'one_off', serviceId: null, currency: 'PHP', periodStart: null, periodEnd: null, memo: '', createdByLabel: 'test' },
        [priceLine({ kind: 'other', description: 'Draft line', unitPriceMinor: 1000, tax: NO_TAX })],
      ),
    );
    const draft = await get(a, `/api/v1/invoices/${draftId}/pdf`);
    assert.equal(draft.statusCode, 409);
    assert.equal(draft.json<{ code: string }>().code, 'invoice_is_draft');

    const invoice = await issueInvoice(t.app.db, a, { customerId: customer.id, at: NOV_27 });
    const paid = await payWithReceipt(t.app.db, a, { customerId: customer.id, amountMinor: 1000, at: NOV_27 });
    const note = await issueCreditNote(t.app.db, a, { invoiceId: invoice.id, subtotalMinor: 1000, taxMinor: 0, reason: 'Goodwill', at: NOV_27 });
    const urls = [`/invoices/${invoice.id}/pdf`, `/receipts/${paid.receiptId}/pdf`, `/credit-notes/${note.id}/pdf`, `/customers/${customer.id}/statement.pdf`];
    for (const url of urls) {
      assert.equal((await get(other, `/api/v1${url}`)).statusCode, 404, `API ${url} across tenants`);
      assert.equal((await get(other, `/app${url}`)).statusCode, 404, `page ${url} across tenants`);
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1${url}` })).statusCode, 401);
      assert.equal((await t.app.inject({ method: 'GET', url: `/app${url}` })).statusCode, 302);
    }
    assert.equal((await get(a, '/api/v1/invoices/00000000-0000-4000-8000-000000000000/pdf')).statusCode, 404);
    assert.equal((await get(a, '/app/receipts/not-a-uuid/pdf')).statusCode, 404);

    const technician = await addStaff(t, a, 'technician');
    assert.equal((await get(technician, `/api/v1/invoices/${invoice.id}/pdf`)).statusCode, 403);
    assert.equal((await get(technician, `/app/receipts/${paid.receiptId}/pdf`)).statusCode, 403);
    const readOnly = await addStaff(t, a, 'read_only');
    assert.equal((await get(readOnly, `/app/invoices/${invoice.id}/pdf`)).statusCode, 200);
  });
});
