import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer } from '../../../test/helpers/factories.ts';
import { withPlatform, withTenant } from '../../db/tenancy.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';

const form = (values: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(values).toString(),
});

/** What the billing form posts when nothing is changed: the column defaults. */
const DEFAULTS = {
  billingDayPolicy: 'anniversary',
  billingDay: '1',
  paymentTermsDays: '7',
  billingRunHour: '1',
  planChangeBilling: 'next_invoice',
  cancellationCredit: 'prorated',
  invoicePrefix: 'INV-',
  receiptPrefix: 'OR-',
  creditNotePrefix: 'CN-',
  documentNumberDigits: '6',
  receiptKind: 'official',
};

describe('billing settings', () => {
  let t: TestApp;
  let owner: StaffSession;

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Bayan Fiber' });
  });
  after(async () => {
    await t.close();
  });

  const row = (tenantId: string) => withPlatform(t.app.db, (trx) => trx.selectFrom('tenant_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirstOrThrow());
  const auditOf = (staff: StaffSession) =>
    withTenant(t.app.db, staff.tenantId, (trx) =>
      trx.selectFrom('audit_events').selectAll().where('tenant_id', '=', staff.tenantId).where('action', '=', 'settings.updated').orderBy('occurred_at').execute(),
    );
  const patch = (staff: StaffSession, payload: object) => asStaff(t, staff, { method: 'PATCH', url: '/api/v1/settings', payload });
  const fieldsOf = (res: { json: () => { errors: { field: string }[] } }) => res.json().errors.map((e) => e.field).sort();

  it('shows the billing form with the defaults to an owner, linked from the settings page', async () => {
    const settings = await asStaff(t, owner, { method: 'GET', url: '/app/settings' });
    assert.match(settings.body, /href="\/app\/settings\/billing"/);
    const res = await asStaff(t, owner, { method: 'GET', url: '/app/settings/billing' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /action="\/app\/settings\/billing"/);
    assert.match(res.body, /<option value="anniversary" selected>/);
    assert.match(res.body, /name="paymentTermsDays" type="number" value="7"/);
    assert.match(res.body, /name="invoicePrefix" type="text" value="INV-"/);
    assert.match(res.body, /INV-000042/);
  });

  it('shows a summary without forms to a read-only user and refuses their changes; staff without settings.read see nothing', async () => {
    const reader = await addStaff(t, owner, 'read_only');
    const res = await asStaff(t, reader, { method: 'GET', url: '/app/settings/billing' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /data-testid="billing-settings"/);
    assert.doesNotMatch(res.body, /action="\/app\/settings\/billing"/);
    assert.doesNotMatch(res.body, /action="\/app\/settings\/tax-rates"/);
    const post = await asStaff(t, reader, { method: 'POST', url: '/app/settings/billing', ...form({ ...DEFAULTS, paymentTermsDays: '30' }) });
    assert.equal(post.statusCode, 403);
    assert.equal((await patch(reader, { paymentTermsDays: 30 })).statusCode, 403);
    assert.equal((await row(owner.tenantId)).payment_terms_days, 7);

    const support = await addStaff(t, owner, 'support');
    assert.equal((await asStaff(t, support, { method: 'GET', url: '/app/settings/billing', headers: { accept: 'text/html' } })).statusCode, 403);
  });

  it('rejects bad values naming each field, re-renders the form and saves nothing', async () => {
    const res = await asStaff(t, owner, {
      method: 'POST',
      url: '/app/settings/billing',
      ...form({
        billingDayPolicy: 'weekly',
        billingDay: '29',
        paymentTermsDays: '366',
        billingRunHour: '24',
        planChangeBilling: 'later',
        cancellationCredit: 'full',
        invoicePrefix: 'INV 2026',
        receiptPrefix: 'OR-',
        creditNotePrefix: 'x'.repeat(13),
        documentNumberDigits: '0',
        receiptKind: 'sales',
      }),
    });
    assert.equal(res.statusCode, 422);
    for (const message of [
      'Billing day policy must be one of anniversary, fixed_day',
      'Billing day must be a whole number from 1 to 28',
      'Payment terms must be a whole number from 0 to 365',
      'Billing run hour must be a whole number from 0 to 23',
      'Plan change billing must be one of',
      'Cancellation credit must be one of',
      'Invoice prefix may hold at most 12',
      'Credit note prefix may hold at most 12',
      'Number digits must be a whole number from 1 to 12',
      'Receipt kind must be one of official, acknowledgment',
    ]) {
      assert.ok(res.body.includes(message), `page says "${message}"`);
    }
    assert.match(res.body, /value="INV 2026"/, 'keeps what was typed');
    const stored = await row(owner.tenantId);
    assert.deepEqual([stored.billing_day_policy, stored.invoice_prefix, stored.receipt_prefix], ['anniversary', 'INV-', 'OR-']);
    assert.equal((await auditOf(owner)).length, 0);

    const api = await patch(owner, { billingDay: 0, paymentTermsDays: -1, documentNumberDigits: 13, billingRunHour: 23, invoicePrefix: 'ÑINV', receiptKind: 'acknowledgment' });
    assert.equal(api.statusCode, 422);
    assert.deepEqual(fieldsOf(api), ['billingDay', 'documentNumberDigits', 'invoicePrefix', 'paymentTermsDays']);
    const after = await row(owner.tenantId);
    assert.deepEqual([after.billing_run_hour, after.receipt_kind], [1, 'official'], 'the valid fields were not written either');

    const wrongType = await patch(owner, { billingDay: 'fifth', receiptKind: 'sales' });
    assert.equal(wrongType.statusCode, 422);
    assert.ok(fieldsOf(wrongType).includes('billingDay'));
    assert.equal((await auditOf(owner)).length, 0);
  });

  it('saves through the form and the API, and audits only what changed, before and after', async () => {
    const res = await asStaff(t, owner, { method: 'POST', url: '/app/settings/billing', ...form({ ...DEFAULTS, billingDayPolicy: 'fixed_day', billingDay: '15', invoicePrefix: '' }) });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/app/settings/billing?notice=saved');
    let stored = await row(owner.tenantId);
    assert.deepEqual([stored.billing_day_policy, stored.billing_day, stored.invoice_prefix], ['fixed_day', 15, '']);
    let entries = await auditOf(owner);
    assert.equal(entries.length, 1);
    assert.deepEqual(entries[0]!.before, { billingDayPolicy: 'anniversary', billingDay: 1, invoicePrefix: 'INV-' });
    assert.deepEqual(entries[0]!.after, { billingDayPolicy: 'fixed_day', billingDay: 15, invoicePrefix: '' });

    t.clock.advance(1000);
    const ok = await patch(owner, { paymentTermsDays: 0, documentNumberDigits: 8, receiptKind: 'acknowledgment', planChangeBilling: 'immediate', cancellationCredit: 'none', billingRunHour: 0, receiptPrefix: 'AR/2026-' });
    assert.equal(ok.statusCode, 200);
    const body = ok.json();
    assert.deepEqual(
      [body.paymentTermsDays, body.documentNumberDigits, body.receiptKind, body.planChangeBilling, body.cancellationCredit, body.billingRunHour, body.receiptPrefix, body.billingDay],
      [0, 8, 'acknowledgment', 'immediate', 'none', 0, 'AR/2026-', 15],
    );
    entries = await auditOf(owner);
    assert.equal(entries.length, 2);
    assert.deepEqual(entries[1]!.before, { paymentTermsDays: 7, documentNumberDigits: 6, receiptKind: 'official', planChangeBilling: 'next_invoice', cancellationCredit: 'prorated', billingRunHour: 1, receiptPrefix: 'OR-' });

    const got = await asStaff(t, owner, { method: 'GET', url: '/api/v1/settings' });
    assert.equal(got.json().billingDayPolicy, 'fixed_day');
    assert.equal(got.json().documentNumberDigits, 8);
    stored = await row(owner.tenantId);
    assert.equal(stored.receipt_kind, 'acknowledgment');

    // The same values again change nothing and write no entry.
    await patch(owner, { paymentTermsDays: 0, receiptKind: 'acknowledgment' });
    assert.equal((await auditOf(owner)).length, 2);
  });

  it('loadBillingSettings returns the stored values, with the tenant name until a legal name is set', async () => {
    const read = () => withTenant(t.app.db, owner.tenantId, (trx) => loadBillingSettings(trx, owner.tenantId));
    const s = await read();
    assert.deepEqual(
      { ...s, company: undefined },
      {
        currency: 'PHP',
        timeZone: 'Asia/Manila',
        locale: 'en-PH',
        policy: { policy: 'fixed_day', billingDay: 15 },
        paymentTermsDays: 0,
        invoicePrefix: '',
        receiptPrefix: 'AR/2026-',
        creditNotePrefix: 'CN-',
        numberDigits: 8,
        receiptKind: 'acknowledgment',
        planChangeBilling: 'immediate',
        cancellationCredit: 'none',
        billingRunHour: 0,
        company: undefined,
      },
    );
    assert.deepEqual(s.company, { name: 'Bayan Fiber', address: '', taxId: '', phone: '', email: '' });

    await patch(owner, { legalName: 'Bayan Fiber Internet Services Inc.', taxId: '123-456-789-000', address: '12 Rizal St\nQuezon City', email: 'billing@bayan.ph' });
    assert.deepEqual((await read()).company, {
      name: 'Bayan Fiber Internet Services Inc.',
      address: '12 Rizal St\nQuezon City',
      taxId: '123-456-789-000',
      phone: '',
      email: 'billing@bayan.ph',
    });
  });
});

describe('currency once billing has started', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  const currency = (staff: StaffSession) => withPlatform(t.app.db, async (trx) => (await trx.selectFrom('tenant_settings').select('currency').where('tenant_id', '=', staff.tenantId).executeTakeFirstOrThrow()).currency);
  const patch = (staff: StaffSession, payload: object) => asStaff(t, staff, { method: 'PATCH', url: '/api/v1/settings', payload });

  it('may change while nothing is billed, and is refused with currency_in_use once an invoice exists', async () => {
    const owner = await signUpTenant(t);
    assert.equal((await patch(owner, { currency: 'USD' })).statusCode, 200);
    assert.equal(await currency(owner), 'USD');

    const customer = await makeCustomer(t, owner);
    await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.insertInto('invoices').values({ tenant_id: owner.tenantId, customer_id: customer.id, kind: 'one_off', currency: 'USD' }).execute(),
    );
    const refused = await patch(owner, { currency: 'KES', paymentTermsDays: 14 });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().code, 'currency_in_use');
    assert.deepEqual(refused.json().errors.map((e: { field: string }) => e.field), ['currency']);
    assert.equal(await currency(owner), 'USD');
    const terms = await withPlatform(t.app.db, (trx) => trx.selectFrom('tenant_settings').select('payment_terms_days').where('tenant_id', '=', owner.tenantId).executeTakeFirstOrThrow());
    assert.equal(terms.payment_terms_days, 7, 'nothing else in the request was saved');

    const company = {
      companyName: 'Renamed',
      legalName: '',
      taxId: '',
      address: '',
      phone: '',
      email: '',
      currency: 'KES',
      timeZone: 'Asia/Manila',
      locale: 'en-PH',
      country: 'PH',
      accountNumberPrefix: 'ACC-',
      mapTileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      mapAttribution: '© OpenStreetMap contributors',
    };
    const page = await asStaff(t, owner, { method: 'POST', url: '/app/settings', ...form(company) });
    assert.equal(page.statusCode, 422);
    assert.match(page.body, /The currency stays USD/);

    // Sending the current currency is no change; other fields still save.
    const same = await patch(owner, { currency: 'usd', paymentTermsDays: 14 });
    assert.equal(same.statusCode, 200);
    assert.equal(same.json().paymentTermsDays, 14);
  });

  it('is refused once a payment exists, even without an invoice', async () => {
    const owner = await signUpTenant(t);
    const customer = await makeCustomer(t, owner);
    await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx
        .insertInto('payments')
        .values({ tenant_id: owner.tenantId, customer_id: customer.id, amount_minor: 100000, currency: 'PHP', method: 'cash', received_on: '2026-11-27' })
        .execute(),
    );
    const refused = await patch(owner, { currency: 'USD' });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().code, 'currency_in_use');
    assert.equal(await currency(owner), 'PHP');
  });
});
