import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makePlan, makeService } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { NO_TAX } from '../billing/line-tax.ts';
import { SYSTEM_ACTOR } from '../context.ts';
import { finalizeDraft } from './finalize-draft.ts';
import { insertDraftInvoice } from './invoices-repository.ts';
import { priceLine } from './price-line.ts';
import { addTaxRate, billingCounts, caller, ledgerSum, payCash, problemFields, type Problem } from './invoice-test-kit.ts';

interface Line {
  id: string;
  kind: string;
  description: string;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
}
interface Invoice {
  id: string;
  number: string | null;
  status: string;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  dueMinor: number;
  allocatedMinor: number;
  issuedOn: string | null;
  dueOn: string | null;
  voidReason: string | null;
  lines: Line[];
  allocations: { amountMinor: number; reversesId: string | null; reversed: boolean; sourceKind: string }[];
}
interface Charge {
  id: string;
  status: string;
  invoiceId: string | null;
  unitPriceMinor: number;
}

describe('charges and one-off invoices', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;
  let api: ReturnType<typeof caller>;
  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Fiber' });
    b = await signUpTenant(t, { companyName: 'Bravo Net' });
    // 12% VAT on top of the price.
    await addTaxRate(t, a, 'standard', 120_000, false);
    await addTaxRate(t, a, 'vat_inc', 120_000, true);
    api = caller(t, a);
  });
  after(async () => {
    await t.close();
  });

  it('adds a charge typed in major units, refuses bad input by field with nothing written, and cancels only pending ones', async () => {
    const customer = await makeCustomer(t, a);
    const charge = await api.expect<Charge>(201, 'POST', '/api/v1/charges', { customerId: customer.id, kind: 'installation_fee', description: 'Fiber drop', unitPrice: '1,500.00' });
    assert.equal(charge.unitPriceMinor, 150000);
    assert.equal(charge.status, 'pending');

    const otherCustomer = await makeCustomer(t, b);
    const plan = await makePlan(t, a);
    const strangersService = await makeService(t, a, { customerId: (await makeCustomer(t, a)).id, planId: plan.id });
    const before = await billingCounts(t, a);
    const bad = await api.call('POST', '/api/v1/charges', { customerId: otherCustomer.id, kind: 'other', description: ' ', unitPrice: '12.345', serviceId: strangersService.id });
    assert.equal(bad.statusCode, 422, bad.body);
    assert.deepEqual(problemFields(bad).sort(), ['customerId', 'description', 'unitPrice']);
    const badService = await api.call('POST', '/api/v1/charges', { customerId: customer.id, kind: 'other', description: 'x', unitPrice: '1', serviceId: strangersService.id });
    assert.deepEqual(problemFields(badService), ['serviceId']);
    const badKind = await api.call('POST', '/api/v1/charges', { customerId: customer.id, kind: 'proration_credit', description: 'x', unitPrice: '1' });
    assert.equal(badKind.statusCode, 422);
    assert.deepEqual(problemFields(badKind), ['kind']);
    assert.deepEqual(await billingCounts(t, a), before);

    const cancelled = await api.expect<Charge>(200, 'POST', `/api/v1/charges/${charge.id}/cancel`, { reason: 'Waived' });
    assert.equal(cancelled.status, 'cancelled');
    const again = await api.call('POST', `/api/v1/charges/${charge.id}/cancel`, {});
    assert.equal(again.statusCode, 409);
    assert.equal(again.json<Problem>().code, 'charge_not_pending');
  });

  it('creates a draft from pending charges and typed lines; totals are the sum of lines plus tax; the charges are taken once', async () => {
    const customer = await makeCustomer(t, a);
    const fee = await api.expect<Charge>(201, 'POST', '/api/v1/charges', { customerId: customer.id, kind: 'reconnection_fee', description: 'Reconnection', unitPrice: '100.00' });
    const draft = await api.expect<Invoice>(201, 'POST', '/api/v1/invoices', {
      customerId: customer.id,
      chargeIds: [fee.id],
      lines: [
        { kind: 'equipment', description: 'ONU', quantity: 2, unitPrice: '999.99' },
        { kind: 'other', description: 'Inclusive item', unitPrice: '112.00', taxClass: 'vat_inc' },
        { kind: 'other', description: 'Untaxed', unitPrice: '5', taxClass: 'zero_rated' },
      ],
    });
    assert.equal(draft.status, 'draft');
    assert.equal(draft.number, null);
    assert.deepEqual(
      draft.lines.map((l) => [l.description, l.netMinor, l.taxMinor, l.totalMinor]),
      [
        ['Reconnection', 10000, 1200, 11200],
        // 2 x 999.99 = 1999.98; 12% = 239.9976 -> 240.00
        ['ONU', 199998, 24000, 223998],
        // inclusive: net = round(11200 / 1.12) = 10000
        ['Inclusive item', 10000, 1200, 11200],
        ['Untaxed', 500, 0, 500],
      ],
    );
    assert.equal(draft.subtotalMinor, draft.lines.reduce((s, l) => s + l.netMinor, 0));
    assert.equal(draft.taxMinor, draft.lines.reduce((s, l) => s + l.taxMinor, 0));
    assert.equal(draft.totalMinor, draft.subtotalMinor + draft.taxMinor);
    const taken = await api.expect<{ items: Charge[] }>(200, 'GET', `/api/v1/charges?customerId=${customer.id}`);
    assert.deepEqual(taken.items.map((c) => [c.status, c.invoiceId]), [['invoiced', draft.id]]);

    // The same charge cannot go on a second invoice; nothing is written.
    const before = await billingCounts(t, a);
    const twice = await api.call('POST', '/api/v1/invoices', { customerId: customer.id, chargeIds: [fee.id] });
    assert.equal(twice.statusCode, 422);
    assert.deepEqual(problemFields(twice), ['chargeIds']);
    const badLine = await api.call('POST', '/api/v1/invoices', { customerId: customer.id, lines: [{ kind: 'other', description: 'x', unitPrice: '1.001' }] });
    assert.deepEqual(problemFields(badLine), ['lines.0.unitPrice']);
    const empty = await api.call('POST', '/api/v1/invoices', { customerId: customer.id });
    assert.deepEqual(problemFields(empty), ['lines']);
    assert.deepEqual(await billingCounts(t, a), before);

    // Lines on the draft: removing the charge's line gives the charge back.
    const withLine = await api.expect<Invoice>(201, 'POST', `/api/v1/invoices/${draft.id}/lines`, { kind: 'late_fee', description: 'Late', unitPrice: '50' });
    assert.equal(withLine.lines.length, 5);
    assert.equal(withLine.totalMinor, draft.totalMinor + 5600);
    const feeLine = withLine.lines.find((l) => l.description === 'Reconnection');
    assert.ok(feeLine);
    const without = await api.expect<Invoice>(200, 'DELETE', `/api/v1/invoices/${draft.id}/lines/${feeLine.id}`);
    assert.equal(without.totalMinor, withLine.totalMinor - 11200);
    const released = await api.expect<{ items: Charge[] }>(200, 'GET', `/api/v1/charges?customerId=${customer.id}&status=pending`);
    assert.deepEqual(released.items.map((c) => c.id), [fee.id]);
  });

  it('finalizes once: gapless number, dates, ledger; afterwards the invoice is immutable in the database', async () => {
    const customer = await makeCustomer(t, a);
    const draft = await api.expect<Invoice>(201, 'POST', '/api/v1/invoices', { customerId: customer.id, lines: [{ kind: 'setup_fee', description: 'Setup', unitPrice: '500' }] });
    const open = await api.expect<Invoice>(200, 'POST', `/api/v1/invoices/${draft.id}/finalize`);
    assert.equal(open.status, 'open');
    assert.match(open.number ?? '', /^INV-\d{6}$/);
    assert.equal(open.issuedOn, '2026-11-27');
    assert.equal(open.dueOn, '2026-12-04');
    assert.equal(open.totalMinor, 56000);
    assert.equal(open.dueMinor, 56000);
    assert.equal(await ledgerSum(t, a, customer.id), 56000);

    const again = await api.call('POST', `/api/v1/invoices/${draft.id}/finalize`);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json<Problem>().code, 'invoice_not_draft');
    const addLine = await api.call('POST', `/api/v1/invoices/${draft.id}/lines`, { kind: 'other', description: 'x', unitPrice: '1' });
    assert.equal(addLine.statusCode, 409);

    // Straight SQL as the application role: the triggers refuse.
    const asApp = (statement: ReturnType<typeof sql>) => withTenant(t.app.db, a.tenantId, (trx) => statement.execute(trx));
    await assert.rejects(asApp(sql`update invoices set total_minor = 1, subtotal_minor = 1, tax_minor = 0 where id = ${draft.id}`), /finalized and cannot change/);
    await assert.rejects(
      asApp(sql`insert into invoice_lines (tenant_id, invoice_id, position, kind, description, unit_price_minor, amount_minor, net_minor, tax_minor, total_minor)
                values (${a.tenantId}, ${draft.id}, 9, 'other', 'sneaked in', 100, 100, 100, 0, 100)`),
      /cannot be added to a finalized invoice/,
    );
    await assert.rejects(asApp(sql`delete from invoice_lines where invoice_id = ${draft.id}`), /cannot be removed/);
    await assert.rejects(asApp(sql`delete from invoices where id = ${draft.id}`));
    const still = await api.expect<Invoice>(200, 'GET', `/api/v1/invoices/${draft.id}`);
    assert.equal(still.totalMinor, 56000);
    assert.equal(still.lines.length, 1);
  });

  it('voids only with a reason, reverses the allocations (the payment becomes credit again), and void-and-reissue copies the lines', async () => {
    const customer = await makeCustomer(t, a);
    const draft = await api.expect<Invoice>(201, 'POST', '/api/v1/invoices', { customerId: customer.id, lines: [{ kind: 'equipment', description: 'Router', unitPrice: '1000' }] });
    await api.expect<Invoice>(200, 'POST', `/api/v1/invoices/${draft.id}/finalize`);
    const paymentId = await payCash(t, a, customer.id, 50000);
    const partly = await api.expect<Invoice>(200, 'GET', `/api/v1/invoices/${draft.id}`);
    assert.equal(partly.status, 'partially_paid');
    assert.equal(partly.dueMinor, 112000 - 50000);

    const before = await billingCounts(t, a);
    const noReason = await api.call('POST', `/api/v1/invoices/${draft.id}/void`, {});
    assert.equal(noReason.statusCode, 422);
    assert.deepEqual(problemFields(noReason), ['reason']);
    const blank = await api.call('POST', `/api/v1/invoices/${draft.id}/void`, { reason: '   ' });
    assert.deepEqual(problemFields(blank), ['reason']);
    assert.deepEqual(await billingCounts(t, a), before);

    const voided = await api.expect<Invoice>(200, 'POST', `/api/v1/invoices/${draft.id}/void`, { reason: 'Wrong customer' });
    assert.equal(voided.status, 'void');
    assert.equal(voided.voidReason, 'Wrong customer');
    assert.deepEqual(
      voided.allocations.map((x) => [x.amountMinor, x.reversesId !== null, x.reversed]),
      [
        [50000, false, true],
        [-50000, true, false],
      ],
    );
    // +1120 invoice, -500 payment, -1120 void: 500 of credit.
    assert.equal(await ledgerSum(t, a, customer.id), -50000);
    const balance = await api.expect<{ balanceMinor: number; standing: string; credit: { id: string; remainingMinor: number }[] }>(200, 'GET', `/api/v1/customers/${customer.id}/balance`);
    assert.equal(balance.balanceMinor, -50000);
    assert.equal(balance.standing, 'in_credit');
    assert.deepEqual(balance.credit.map((c) => [c.id, c.remainingMinor]), [[paymentId, 50000]]);
    const twice = await api.call('POST', `/api/v1/invoices/${draft.id}/void`, { reason: 'again' });
    assert.equal(twice.statusCode, 409);

    // Void and reissue: a new draft with the same lines; finalizing it spends the credit.
    const second = await api.expect<Invoice>(201, 'POST', '/api/v1/invoices', { customerId: customer.id, lines: [{ kind: 'equipment', description: 'Router', unitPrice: '1000' }] });
    await api.expect<Invoice>(200, 'POST', `/api/v1/invoices/${second.id}/finalize`);
    const reissued = await api.expect<Invoice>(201, 'POST', `/api/v1/invoices/${second.id}/reissue`, { reason: 'Price typo' });
    assert.equal(reissued.status, 'draft');
    assert.notEqual(reissued.id, second.id);
    assert.deepEqual(reissued.lines.map((l) => [l.description, l.totalMinor]), [['Router', 112000]]);
    assert.equal((await api.expect<Invoice>(200, 'GET', `/api/v1/invoices/${second.id}`)).status, 'void');
    const final = await api.expect<Invoice>(200, 'POST', `/api/v1/invoices/${reissued.id}/finalize`);
    assert.equal(final.allocatedMinor, 50000);
    assert.equal(await ledgerSum(t, a, customer.id), 112000 - 50000);
  });

  it('voiding a negative invoice takes back the credit it gave: the invoices it paid are due again', async () => {
    const customer = await makeCustomer(t, a);
    const owed = await api.expect<Invoice>(201, 'POST', '/api/v1/invoices', { customerId: customer.id, lines: [{ kind: 'other', description: 'Owed', unitPrice: '100', taxClass: 'none' }] });
    await api.expect(200, 'POST', `/api/v1/invoices/${owed.id}/finalize`);
    // A credit-only invoice, as a plan change with more unused days than new charges makes one.
    const creditId = await withTenant(t.app.db, a.tenantId, async (trx) => {
      const ctx = { tenantId: a.tenantId, actor: SYSTEM_ACTOR, trx, now: t.clock.now };
      const line = priceLine({ kind: 'proration_credit', description: 'Unused days', unitPriceMinor: -3000, tax: NO_TAX });
      const id = await insertDraftInvoice(trx, a.tenantId, { customerId: customer.id, kind: 'plan_change', serviceId: null, currency: 'PHP', periodStart: null, periodEnd: null, memo: '', createdByLabel: 'test' }, [line]);
      await finalizeDraft(ctx, id, await loadBillingSettings(trx, a.tenantId));
      return id;
    });
    const paidByCredit = await api.expect<Invoice>(200, 'GET', `/api/v1/invoices/${owed.id}`);
    assert.deepEqual([paidByCredit.status, paidByCredit.dueMinor], ['partially_paid', 7000]);
    assert.equal(await ledgerSum(t, a, customer.id), 7000);

    const voided = await api.expect<Invoice>(200, 'POST', `/api/v1/invoices/${creditId}/void`, { reason: 'Plan change undone' });
    assert.equal(voided.status, 'void');
    const dueAgain = await api.expect<Invoice>(200, 'GET', `/api/v1/invoices/${owed.id}`);
    assert.deepEqual([dueAgain.status, dueAgain.dueMinor], ['open', 10000]);
    // +100 invoice, -30 credit invoice, +30 its void.
    assert.equal(await ledgerSum(t, a, customer.id), 10000);
  });

  it('marks an open invoice uncollectible once; a draft cannot be voided', async () => {
    const customer = await makeCustomer(t, a);
    const draft = await api.expect<Invoice>(201, 'POST', '/api/v1/invoices', { customerId: customer.id, lines: [{ kind: 'late_fee', description: 'Late', unitPrice: '10' }] });
    const voidDraft = await api.call('POST', `/api/v1/invoices/${draft.id}/void`, { reason: 'x' });
    assert.equal(voidDraft.statusCode, 409);
    assert.equal(voidDraft.json<Problem>().code, 'invoice_not_voidable');
    await api.expect(200, 'POST', `/api/v1/invoices/${draft.id}/finalize`);
    const gone = await api.expect<Invoice>(200, 'POST', `/api/v1/invoices/${draft.id}/uncollectible`, { reason: 'Moved away' });
    assert.equal(gone.status, 'uncollectible');
    assert.equal((await api.call('POST', `/api/v1/invoices/${draft.id}/uncollectible`)).statusCode, 409);
  });

  it('lists with a status filter and a search by number', async () => {
    const customer = await makeCustomer(t, a);
    const draft = await api.expect<Invoice>(201, 'POST', '/api/v1/invoices', { customerId: customer.id, lines: [{ kind: 'other', description: 'Listed', unitPrice: '1' }] });
    const open = await api.expect<Invoice>(200, 'POST', `/api/v1/invoices/${draft.id}/finalize`);
    const byNumber = await api.expect<{ items: { id: string }[] }>(200, 'GET', `/api/v1/invoices?q=${encodeURIComponent((open.number ?? '').slice(-6))}`);
    assert.deepEqual(byNumber.items.map((i) => i.id), [draft.id]);
    const drafts = await api.expect<{ items: { status: string }[] }>(200, 'GET', '/api/v1/invoices?status=draft&limit=200');
    assert.ok(drafts.items.every((i) => i.status === 'draft'));
    const page1 = await api.expect<{ items: { id: string }[]; nextCursor: string | null }>(200, 'GET', '/api/v1/invoices?limit=2');
    assert.ok(page1.nextCursor);
    const page2 = await api.expect<{ items: { id: string }[] }>(200, 'GET', `/api/v1/invoices?limit=2&cursor=${page1.nextCursor}`);
    assert.equal(page2.items.filter((i) => page1.items.some((p) => p.id === i.id)).length, 0);
  });

  it("answers 404 for another tenant's invoice and charge, and changes nothing", async () => {
    const customer = await makeCustomer(t, a);
    const draft = await api.expect<Invoice>(201, 'POST', '/api/v1/invoices', { customerId: customer.id, lines: [{ kind: 'other', description: 'Mine', unitPrice: '1' }] });
    const charge = await api.expect<Charge>(201, 'POST', '/api/v1/charges', { customerId: customer.id, kind: 'other', description: 'Mine', unitPrice: '1' });
    const intruder = caller(t, b);
    const before = await billingCounts(t, a);
    for (const [method, url, body] of [
      ['GET', `/api/v1/invoices/${draft.id}`, undefined],
      ['POST', `/api/v1/invoices/${draft.id}/finalize`, undefined],
      ['POST', `/api/v1/invoices/${draft.id}/lines`, { kind: 'other', description: 'x', unitPrice: '1' }],
      ['POST', `/api/v1/charges/${charge.id}/cancel`, {}],
      ['GET', `/api/v1/customers/${customer.id}/ledger`, undefined],
    ] as const) {
      const res = await intruder.call(method, url, body);
      assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
    }
    const theirCharge = await intruder.call('POST', '/api/v1/invoices', { customerId: customer.id, chargeIds: [charge.id] });
    assert.equal(theirCharge.statusCode, 422);
    assert.ok(problemFields(theirCharge).includes('customerId'));
    assert.deepEqual(await billingCounts(t, a), before);
  });
});
