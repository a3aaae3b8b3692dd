import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makePlan, makeService } from '../../../test/helpers/factories.ts';
import { countRows, getJson, invoiceState, issueInvoice } from './payments-test-kit.ts';

describe('payment pages', () => {
  let t: TestApp;
  let owner: StaffSession;

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Counter Net' });
  });
  after(async () => {
    await t.close();
  });

  const postForm = (staff: StaffSession, url: string, fields: Record<string, string | string[]>) => {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) form.append(k, value);
    form.append('_csrf', staff.csrf);
    return asStaff(t, staff, { method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: form.toString() });
  };
  const page = (staff: StaffSession, url: string) => asStaff(t, staff, { method: 'GET', url, headers: { accept: 'text/html' } });

  it('takes a payment from the form once, however often it is sent, and shows its receipt', async () => {
    const c = await makeCustomer(t, owner);
    const older = await issueInvoice(t, owner, c.id, 50000);
    const picked = await issueInvoice(t, owner, c.id, 30000);
    const form = await page(owner, `/app/payments/new?customerId=${c.id}`);
    assert.equal(form.statusCode, 200);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.body)?.[1];
    assert.ok(key, 'the form carries its own idempotency key');
    assert.match(form.body, new RegExp(older.number));

    const fields = { customerId: c.id, amount: '300.00', method: 'cash', reference: '', receivedOn: '', notes: 'At the counter', invoiceIds: [picked.id], idempotencyKey: key };
    const first = await postForm(owner, '/app/payments', fields);
    assert.equal(first.statusCode, 303, first.body);
    const again = await postForm(owner, '/app/payments', fields);
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, first.headers.location);
    assert.equal((await getJson(t, owner, `/api/v1/payments?customerId=${c.id}`)).json().items.length, 1);
    assert.equal((await invoiceState(t, owner, picked.id)).status, 'paid');
    assert.equal((await invoiceState(t, owner, older.id)).status, 'open');

    const receipt = await page(owner, String(first.headers.location));
    assert.equal(receipt.statusCode, 200);
    assert.match(receipt.body, /Official receipt OR-\d{6}/);
    assert.match(receipt.body, /Payment recorded and receipt issued/);
    assert.match(receipt.body, new RegExp(picked.number));
    assert.match(receipt.body, /At the counter/);
  });

  it('shows every wrong field on the form and records nothing', async () => {
    const c = await makeCustomer(t, owner);
    const before = await countRows(t, owner, 'payments');
    const res = await postForm(owner, '/app/payments', { customerId: c.id, amount: '12.345', method: 'gcash', reference: '', receivedOn: '2030-01-01', idempotencyKey: 'form-key-1' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Nothing was recorded/);
    assert.match(res.body, /Amount must be an amount in PHP/);
    assert.match(res.body, /needs its reference/);
    assert.match(res.body, /cannot be after today/);
    assert.match(res.body, /value="12.345"/);
    assert.match(res.body, /value="form-key-1"/);
    assert.equal(await countRows(t, owner, 'payments'), before);
  });

  it('voids a receipt from its page with a reason, and keeps it listed and marked', async () => {
    const c = await makeCustomer(t, owner);
    const made = (await asStaff(t, owner, { method: 'POST', url: '/api/v1/payments', payload: { customerId: c.id, amount: '20', method: 'cash' } })).json();
    const missing = await postForm(owner, `/app/receipts/${made.receipt.id}/void`, { reason: '' });
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /Say why this receipt is voided/);
    const res = await postForm(owner, `/app/receipts/${made.receipt.id}/void`, { reason: 'Typed on the wrong account' });
    assert.equal(res.statusCode, 303);
    const shown = await page(owner, `/app/receipts/${made.receipt.id}`);
    assert.match(shown.body, /data-testid="receipt-void"/);
    assert.match(shown.body, /Typed on the wrong account/);
    assert.doesNotMatch(shown.body, /Void this receipt/);
    const list = await page(owner, `/app/receipts?customerId=${c.id}`);
    assert.match(list.body, new RegExp(`${made.receipt.number as string}</a> <span[^>]*data-testid="void-mark"`));
    const payments = await page(owner, `/app/payments?customerId=${c.id}`);
    assert.match(payments.body, /data-testid="void-mark"/);
    const clerk = await addStaff(t, owner, 'support');
    const receiptAsSupport = await page(clerk, `/app/receipts/${made.receipt.id}`);
    assert.equal(receiptAsSupport.statusCode, 200);
  });

  it('searches payments by reference on the list page', async () => {
    const c = await makeCustomer(t, owner);
    await asStaff(t, owner, { method: 'POST', url: '/api/v1/payments', payload: { customerId: c.id, amount: '5', method: 'maya', reference: 'MAYA-Zebra-77' } });
    const found = await page(owner, '/app/payments?q=zebra');
    assert.equal(found.statusCode, 200);
    assert.match(found.body, /MAYA-Zebra-77/);
    const none = await page(owner, '/app/payments?q=nothing-like-it');
    assert.match(none.body, /No payments found/);
  });

  it('tops up a prepaid service, previewing the new paid-until date as the amount is typed', async () => {
    const c = await makeCustomer(t, owner);
    const plan = await makePlan(t, owner, { price_minor: 99900 });
    const service = await makeService(t, owner, { customerId: c.id, planId: plan.id, billing_mode: 'prepaid' });
    const form = await page(owner, `/app/services/${service.id}/top-up`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /hx-get="\/app\/services\/[0-9a-f-]+\/top-up\/preview"/);
    assert.match(form.body, /No time bought yet/);

    const preview = await page(owner, `/app/services/${service.id}/top-up/preview?amount=999`);
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /Buys <strong>1 month<\/strong>: from 2026-11-27 until <strong data-testid="preview-until">2026-12-27<\/strong>/);
    const small = await page(owner, `/app/services/${service.id}/top-up/preview?amount=0.01`);
    assert.match(small.body, /not enough for one day/);
    const bad = await page(owner, `/app/services/${service.id}/top-up/preview?amount=abc`);
    assert.match(bad.body, /must be an amount/);
    assert.equal(await countRows(t, owner, 'payments'), await countRows(t, owner, 'receipts'));

    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const bought = await postForm(owner, `/app/services/${service.id}/top-up`, { amount: '999', method: 'cash', reference: '', receivedOn: '', notes: '', idempotencyKey: key });
    assert.equal(bought.statusCode, 303, bought.body);
    const receipt = await page(owner, String(bought.headers.location));
    assert.match(receipt.body, /prepaid time bought/);
    assert.match(receipt.body, /2026-11-27 until 2026-12-27/);
    const after = await page(owner, `/app/services/${service.id}/top-up`);
    assert.match(after.body, /Paid until 2026-12-27/);

    const section = await page(owner, `/app/customers/${c.id}/payments`);
    assert.equal(section.statusCode, 200);
    assert.match(section.body, /Prepaid time/);
    assert.match(section.body, /2026-12-27/);
    assert.match(section.body, new RegExp(`/app/services/${service.id}/top-up`));
    const customerPage = await page(owner, `/app/customers/${c.id}`);
    assert.match(customerPage.body, new RegExp(`hx-get="/app/customers/${c.id}/payments"`));
  });

  it('hides the section from staff who may not see billing, and the forms from those who may not collect', async () => {
    const c = await makeCustomer(t, owner);
    const tech = await addStaff(t, owner, 'technician');
    const customerPage = await page(tech, `/app/customers/${c.id}`);
    assert.equal(customerPage.statusCode, 200);
    assert.doesNotMatch(customerPage.body, /customer-payments/);
    const readOnly = await addStaff(t, owner, 'read_only');
    assert.equal((await page(readOnly, `/app/payments/new?customerId=${c.id}`)).statusCode, 403);
    const section = await page(readOnly, `/app/customers/${c.id}/payments`);
    assert.equal(section.statusCode, 200);
    assert.doesNotMatch(section.body, /Record payment/);
  });
});
