import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer } from '../../../test/helpers/factories.ts';
import { addTaxRate, billingCounts, caller, ledgerSum, payCash } from './invoice-test-kit.ts';

const page = (t: TestApp, staff: StaffSession, url: string, headers: Record<string, string> = {}) => asStaff(t, staff, { method: 'GET', url, headers: { accept: 'text/html', ...headers } });

function post(t: TestApp, staff: StaffSession, url: string, data: Record<string, string | string[]>) {
  const form = new URLSearchParams({ _csrf: staff.csrf });
  for (const [k, v] of Object.entries(data)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  return asStaff(t, staff, { method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: form.toString() });
}

/** The form key a rendered form carries (the first one on the page after `after`). */
function formKey(html: string, after = ''): string {
  const from = after ? html.indexOf(after) : 0;
  const m = /name="idempotencyKey" value="([^"]+)"/.exec(html.slice(Math.max(0, from)));
  assert.ok(m?.[1], 'form has an idempotency key');
  return m[1];
}

describe('invoice, credit-note and ledger pages', () => {
  let t: TestApp;
  let owner: StaffSession;
  let reader: StaffSession;
  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Paged Fiber' });
    reader = await addStaff(t, owner, 'read_only');
    await addTaxRate(t, owner, 'standard', 120_000, false);
  });
  after(async () => {
    await t.close();
  });

  it('bills a one-off charge from the customer page to a finalized invoice, once per form', async () => {
    const customer = await makeCustomer(t, owner);
    const customerPage = await page(t, owner, `/app/customers/${customer.id}`);
    assert.match(customerPage.body, new RegExp(`hx-get="/app/customers/${customer.id}/billing"`));

    // Add a charge: a wrong price comes back with the field marked and nothing saved.
    const before = await billingCounts(t, owner);
    const bad = await post(t, owner, `/app/customers/${customer.id}/charges`, { kind: 'installation_fee', description: 'Drop', quantity: '1', unitPrice: '12,00.001', taxClass: 'standard' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Unit price must be an amount/);
    assert.deepEqual(await billingCounts(t, owner), before);
    const added = await post(t, owner, `/app/customers/${customer.id}/charges`, { kind: 'installation_fee', description: 'Drop cable', quantity: '1', unitPrice: '1,500.00', taxClass: 'standard' });
    assert.equal(added.statusCode, 303, added.body);

    const section = await page(t, owner, `/app/customers/${customer.id}/billing`, { 'hx-request': 'true' });
    assert.equal(section.statusCode, 200);
    assert.doesNotMatch(section.body, /<html/);
    assert.match(section.body, /data-standing="settled"/);
    assert.match(section.body, /Drop cable/);

    const form = await page(t, owner, `/app/invoices/new?customerId=${customer.id}`);
    assert.equal(form.statusCode, 200);
    const chargeId = /name="chargeIds" value="([^"]+)" checked/.exec(form.body)?.[1];
    assert.ok(chargeId, 'the pending charge is offered, ticked');
    const created = await post(t, owner, '/app/invoices', {
      idempotencyKey: formKey(form.body),
      customerId: customer.id,
      chargeIds: chargeId,
      'lines.0.kind': 'equipment',
      'lines.0.description': 'ONU',
      'lines.0.quantity': '1',
      'lines.0.unitPrice': '2000',
      'lines.0.taxClass': 'standard',
    });
    assert.equal(created.statusCode, 303, created.body);
    const invoiceUrl = String(created.headers.location).split('?')[0]!;
    const draft = await page(t, owner, invoiceUrl);
    assert.match(draft.body, /Draft invoice/);
    assert.match(draft.body, /Drop cable/);
    assert.match(draft.body, /Finalize invoice/);

    // Finalize, then the same form again (a double click): one number, the same answer.
    const finalizeForm = { idempotencyKey: formKey(draft.body, '/finalize') };
    const first = await post(t, owner, `${invoiceUrl}/finalize`, finalizeForm);
    const second = await post(t, owner, `${invoiceUrl}/finalize`, finalizeForm);
    assert.equal(first.statusCode, 303);
    assert.equal(second.statusCode, 303);
    assert.equal(second.headers.location, first.headers.location);
    const open = await page(t, owner, invoiceUrl);
    assert.match(open.body, /Invoice INV-000001/);
    assert.doesNotMatch(open.body, /Finalize invoice/);
    assert.equal(await ledgerSum(t, owner, customer.id), 392000);

    const account = await page(t, owner, `/app/customers/${customer.id}/billing`, { 'hx-request': 'true' });
    assert.match(account.body, /data-standing="owes"/);
    assert.match(account.body, /INV-000001/);

    // Read-only staff see the invoice but no actions, and cannot post them.
    const seen = await page(t, reader, invoiceUrl);
    assert.equal(seen.statusCode, 200);
    assert.doesNotMatch(seen.body, /Void and reissue|Issue credit note/);
    assert.equal((await post(t, reader, `${invoiceUrl}/void`, { voidReason: 'x' })).statusCode, 403);
  });

  it('voids with a reason, credits, refunds and adjusts from the pages; a refused form writes nothing', async () => {
    const api = caller(t, owner);
    const customer = await makeCustomer(t, owner);
    const draft = await api.expect<{ id: string }>(201, 'POST', '/api/v1/invoices', { customerId: customer.id, lines: [{ kind: 'equipment', description: 'Router', unitPrice: '1000' }] });
    await api.expect(200, 'POST', `/api/v1/invoices/${draft.id}/finalize`);
    const url = `/app/invoices/${draft.id}`;

    const before = await billingCounts(t, owner);
    const noReason = await post(t, owner, `${url}/void`, { voidReason: '' });
    assert.equal(noReason.statusCode, 422);
    assert.match(noReason.body, /Reason is required/);
    const tooMuch = await post(t, owner, `${url}/credit-notes`, { amount: '2000', reason: 'Too much' });
    assert.equal(tooMuch.statusCode, 422);
    assert.match(tooMuch.body, /At most 1120.00 can still be credited/);
    assert.deepEqual(await billingCounts(t, owner), before);

    await payCash(t, owner, customer.id, 112000);
    assert.equal((await post(t, owner, `${url}/credit-notes`, { amount: '120.00', reason: 'Outage' })).statusCode, 303);
    const credited = await page(t, owner, url);
    assert.match(credited.body, /CN-000001/);
    assert.doesNotMatch(credited.body, /Void and reissue/, 'an invoice with credit notes is corrected by credit notes');

    const ledger = await page(t, owner, `/app/customers/${customer.id}/ledger`);
    assert.equal(ledger.statusCode, 200);
    assert.match(ledger.body, /data-standing="in_credit"/);
    assert.match(ledger.body, new RegExp(`href="/app/invoices/${draft.id}"`));
    assert.match(ledger.body, /href="\/app\/credit-notes\//);
    const sourceId = /name="sourceId"[^>]*>\s*<option value="([^"]+)"/.exec(ledger.body)?.[1];
    assert.ok(sourceId, 'the credit note is offered for a refund');
    const overRefund = await post(t, owner, `/app/customers/${customer.id}/refunds`, { sourceId, amount: '500', method: 'cash', reason: 'Asked' });
    assert.equal(overRefund.statusCode, 422);
    assert.match(overRefund.body, /At most 120.00 is left/);
    assert.equal((await post(t, owner, `/app/customers/${customer.id}/refunds`, { sourceId, amount: '120', method: 'gcash', reference: 'GC-1', reason: 'Asked' })).statusCode, 303);
    assert.equal(await ledgerSum(t, owner, customer.id), 0);

    const badAdjust = await post(t, owner, `/app/customers/${customer.id}/adjustments`, { amount: '-abc', reason: 'x' });
    assert.equal(badAdjust.statusCode, 422);
    assert.equal((await post(t, owner, `/app/customers/${customer.id}/adjustments`, { amount: '-10.00', reason: 'Goodwill' })).statusCode, 303);
    assert.equal(await ledgerSum(t, owner, customer.id), -1000);

    // A second invoice, voided and reissued from its page.
    const other = await api.expect<{ id: string }>(201, 'POST', '/api/v1/invoices', { customerId: customer.id, lines: [{ kind: 'late_fee', description: 'Late', unitPrice: '50' }] });
    await api.expect(200, 'POST', `/api/v1/invoices/${other.id}/finalize`);
    const reissued = await post(t, owner, `/app/invoices/${other.id}/reissue`, { voidReason: 'Wrong amount' });
    assert.equal(reissued.statusCode, 303);
    assert.notEqual(String(reissued.headers.location).split('?')[0], `/app/invoices/${other.id}`);
    const voided = await page(t, owner, `/app/invoices/${other.id}`);
    assert.match(voided.body, /Wrong amount/);
    assert.match(voided.body, /status-void/);

    const list = await page(t, owner, '/app/invoices?status=void');
    assert.match(list.body, new RegExp(`data-invoice-id="${other.id}"`));
    assert.doesNotMatch(list.body, new RegExp(`data-invoice-id="${draft.id}"`));
    const csv = await page(t, owner, '/app/invoices?format=csv&status=void');
    assert.match(csv.body, new RegExp(other.id));
  });
});
