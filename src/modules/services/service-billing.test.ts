/**
 * Plan changes and cancellations of services billing has already invoiced, through the API
 * as staff use them, with the clock at 2026-11-27 (Asia/Manila). A service is "invoiced" the
 * way the billing run leaves it: a finalized recurring (or prepaid) invoice for the period,
 * and billed_until / anchor_day on the service.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { makeCustomer, makeInstallation, makePlan, makeService } from '../../../test/helpers/factories.ts';
import { withTenant } from '../../db/tenancy.ts';
import type { InvoiceKind } from '../../db/schema.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { loadTaxRules, taxRuleFor } from '../billing/tax-rules.ts';
import { SYSTEM_ACTOR, type Actor } from '../context.ts';
import { runBilling } from '../billing-runs/run-billing.ts';
import { ALL_PERMISSIONS } from '../roles/permissions.ts';
import { finalizeDraft } from '../invoices/finalize-draft.ts';
import { insertDraftInvoice } from '../invoices/invoices-repository.ts';
import { priceLine } from '../invoices/price-line.ts';

interface Problem {
  code: string;
  errors?: { field: string; rule: string }[];
}

describe('services: plan changes and cancellations inside an invoiced period', () => {
  let t: TestApp;
  let owner: StaffSession;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());
  beforeEach(async () => {
    // A fresh company per test: document numbers and balances start from nothing.
    owner = await signUpTenant(t);
    t.clock.set(new Date('2026-11-27T03:00:00Z'));
  });

  const q = <R>(query: ReturnType<typeof sql<R>>) => withTenant(t.app.db, owner.tenantId, async (trx) => (await query.execute(trx)).rows);

  async function settings(values: { plan_change_billing?: 'next_invoice' | 'immediate'; cancellation_credit?: 'none' | 'prorated'; currency?: string }) {
    await withTenant(t.app.db, owner.tenantId, (trx) => trx.updateTable('tenant_settings').set(values).where('tenant_id', '=', owner.tenantId).execute());
  }

  async function taxRate(ratePpm: number) {
    await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.insertInto('tax_rates').values({ tenant_id: owner.tenantId, tax_class: 'standard', name: 'VAT', rate_ppm: ratePpm, inclusive: false }).execute(),
    );
  }

  /** What the billing run would have left: an issued invoice for the period, and the service billed to its end. */
  async function invoicePeriod(serviceId: string, customerId: string, input: { kind?: InvoiceKind; start: string; end: string; amountMinor: number; currency?: string }) {
    return withTenant(t.app.db, owner.tenantId, async (trx) => {
      const ctx = { tenantId: owner.tenantId, actor: SYSTEM_ACTOR, trx, now: t.clock.now };
      const billing = await loadBillingSettings(trx, owner.tenantId);
      const tax = taxRuleFor(await loadTaxRules(trx, owner.tenantId), 'standard');
      const kind = input.kind ?? 'recurring';
      const line = priceLine({
        kind: kind === 'prepaid' ? 'prepaid_time' : 'service',
        description: 'Period',
        serviceId,
        periodStart: input.start,
        periodEnd: input.end,
        unitPriceMinor: input.amountMinor,
        tax,
      });
      const id = await insertDraftInvoice(
        trx,
        owner.tenantId,
        { customerId, kind, serviceId, currency: input.currency ?? billing.currency, periodStart: input.start, periodEnd: input.end, memo: '', createdByLabel: 'test' },
        [line],
      );
      await finalizeDraft(ctx, id, billing);
      await trx.updateTable('services').set({ billed_until: input.end, anchor_day: Number(input.start.slice(8)) }).where('tenant_id', '=', owner.tenantId).where('id', '=', serviceId).execute();
      return id;
    });
  }

  /** Two plans and a postpaid service on the first, invoiced for November at 3,000.00. */
  async function invoicedService(options: { billingMode?: 'postpaid' | 'prepaid'; customerId?: string; installationId?: string; startOn?: string } = {}) {
    const basic = await makePlan(t, owner, { name: 'Fiber 100', price_minor: 300000 });
    const faster = await makePlan(t, owner, { name: 'Fiber 300', price_minor: 450000 });
    const customer = options.customerId ? { id: options.customerId } : await makeCustomer(t, owner);
    const service = await makeService(t, owner, {
      customerId: customer.id,
      planId: basic.id,
      billing_mode: options.billingMode ?? 'postpaid',
      installation_id: options.installationId ?? null,
      start_on: options.startOn ?? '2026-11-01',
    });
    const invoiceId = await invoicePeriod(service.id, customer.id, {
      kind: options.billingMode === 'prepaid' ? 'prepaid' : 'recurring',
      start: '2026-11-01',
      end: '2026-12-01',
      amountMinor: 300000,
    });
    return { basic, faster, customer, service, invoiceId };
  }

  const post = (url: string, payload: object) => asStaff(t, owner, { method: 'POST', url, payload });

  const pendingCharges = () =>
    q(sql<{ kind: string; description: string; unit_price_minor: string; period_start: string; period_end: string; status: string }>`
      select kind, description, unit_price_minor::text, period_start, period_end, status from charges order by unit_price_minor`);
  const invoices = () =>
    q(sql<{ id: string; kind: string; number: string; status: string; total_minor: string; tax_minor: string }>`
      select id, kind, number, status, total_minor::text, tax_minor::text from invoices order by number_seq`);
  const creditNotes = () =>
    q(sql<{ invoice_id: string; number: string; kind: string; subtotal_minor: string; tax_minor: string; total_minor: string; reason: string }>`
      select invoice_id, number, kind, subtotal_minor::text, tax_minor::text, total_minor::text, reason from credit_notes order by number_seq`);
  const balance = async () => (await q(sql<{ b: string }>`select coalesce(sum(amount_minor), 0)::text as b from ledger_entries`))[0]?.b;

  describe('upgrade on 2026-11-16 of a period invoiced [2026-11-01, 2026-12-01) at 3,000.00 to a 4,500.00 plan', () => {
    it('next_invoice: credits 1,500.00 and charges 2,250.00 (15 of 30 days) as pending charges, and issues nothing now', async () => {
      const { faster, service } = await invoicedService();
      const res = await post(`/api/v1/services/${service.id}/plan`, { planId: faster.id, effectiveOn: '2026-11-16', reason: 'Upgrade' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json<{ planId: string }>().planId, faster.id);
      assert.deepEqual(await pendingCharges(), [
        { kind: 'proration_credit', description: 'Unused days of Fiber 100, 2026-11-16 to 2026-11-30', unit_price_minor: '-150000', period_start: '2026-11-16', period_end: '2026-12-01', status: 'pending' },
        { kind: 'proration_charge', description: 'Fiber 300, 2026-11-16 to 2026-11-30', unit_price_minor: '225000', period_start: '2026-11-16', period_end: '2026-12-01', status: 'pending' },
      ]);
      assert.equal((await invoices()).length, 1);
      assert.equal(await balance(), '300000');
    });

    it('immediate: issues a plan-change invoice with both lines, total 750.00, posted to the ledger', async () => {
      await settings({ plan_change_billing: 'immediate' });
      const { faster, service } = await invoicedService();
      const res = await post(`/api/v1/services/${service.id}/plan`, { planId: faster.id, effectiveOn: '2026-11-16' });
      assert.equal(res.statusCode, 200, res.body);
      const [, change] = await invoices();
      assert.deepEqual(change && { kind: change.kind, number: change.number, status: change.status, total: change.total_minor }, { kind: 'plan_change', number: 'INV-000002', status: 'open', total: '75000' });
      const lines = await q(sql<{ kind: string; description: string; total_minor: string; period_start: string; period_end: string }>`
        select kind, description, total_minor::text, period_start, period_end from invoice_lines where invoice_id = ${change?.id ?? ''} order by position`);
      assert.deepEqual(lines, [
        { kind: 'proration_credit', description: 'Unused days of Fiber 100, 2026-11-16 to 2026-11-30', total_minor: '-150000', period_start: '2026-11-16', period_end: '2026-12-01' },
        { kind: 'proration_charge', description: 'Fiber 300, 2026-11-16 to 2026-11-30', total_minor: '225000', period_start: '2026-11-16', period_end: '2026-12-01' },
      ]);
      assert.deepEqual(await pendingCharges(), []);
      assert.equal(await balance(), '375000');
    });

    it('immediate downgrade: the negative plan-change invoice is credit, spent on the open November invoice', async () => {
      await settings({ plan_change_billing: 'immediate' });
      const { basic, faster, customer, invoiceId: firstNovember } = await invoicedService();
      // A second service of the same customer, on the dearer plan for November, moving down on the 16th.
      const dear = await makeService(t, owner, { customerId: customer.id, planId: faster.id });
      await invoicePeriod(dear.id, customer.id, { start: '2026-11-01', end: '2026-12-01', amountMinor: 450000 });
      const res = await post(`/api/v1/services/${dear.id}/plan`, { planId: basic.id, effectiveOn: '2026-11-16' });
      assert.equal(res.statusCode, 200, res.body);
      const change = (await invoices()).find((i) => i.kind === 'plan_change');
      assert.deepEqual(change && [change.status, change.total_minor], ['paid', '-75000']);
      const allocations = await q(sql<{ invoice_id: string; credit_invoice_id: string; amount_minor: string }>`
        select invoice_id, credit_invoice_id, amount_minor::text from allocations`);
      // The customer's oldest open invoice first (the spine's rule for any credit).
      assert.deepEqual(allocations, [{ invoice_id: firstNovember, credit_invoice_id: change?.id, amount_minor: '75000' }]);
      assert.equal(await balance(), String(300000 + 450000 - 75000));
    });

    it('keeps to one invoiced period: a date before its start is refused, so is one before the last change', async () => {
      const { faster, basic, service } = await invoicedService({ startOn: '2026-10-01' });
      const early = await post(`/api/v1/services/${service.id}/plan`, { planId: faster.id, effectiveOn: '2026-10-31' });
      assert.equal(early.statusCode, 422, early.body);
      assert.equal(early.json<Problem>().errors?.[0]?.rule, 'before_period');
      assert.equal((await post(`/api/v1/services/${service.id}/plan`, { planId: faster.id, effectiveOn: '2026-11-20' })).statusCode, 200);
      const back = await post(`/api/v1/services/${service.id}/plan`, { planId: basic.id, effectiveOn: '2026-11-18' });
      assert.equal(back.statusCode, 422, back.body);
      assert.equal(back.json<Problem>().errors?.[0]?.rule, 'before_last_change');
      const future = await post(`/api/v1/services/${service.id}/plan`, { planId: basic.id, effectiveOn: '2026-11-28' });
      assert.equal(future.json<Problem>().errors?.[0]?.rule, 'future');
    });

    it('a period not invoiced yet is not prorated: the next run bills the new plan', async () => {
      const basic = await makePlan(t, owner, { price_minor: 300000 });
      const faster = await makePlan(t, owner, { price_minor: 450000 });
      const customer = await makeCustomer(t, owner);
      const service = await makeService(t, owner, { customerId: customer.id, planId: basic.id });
      const res = await post(`/api/v1/services/${service.id}/plan`, { planId: faster.id, effectiveOn: '2026-11-16' });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(await pendingCharges(), []);
      assert.deepEqual(await invoices(), []);
    });
  });

  describe('a change at the end of the period', () => {
    it('is scheduled on billed_until with no money now, shows on the service, and can be cancelled', async () => {
      const { basic, faster, service } = await invoicedService();
      const res = await post(`/api/v1/services/${service.id}/plan`, { planId: faster.id, when: 'period_end', reason: 'Wants less' });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<{ planId: string; billedUntil: string; scheduledPlanChange: { toPlanId: string; effectiveOn: string } | null }>();
      assert.equal(body.planId, basic.id);
      assert.equal(body.billedUntil, '2026-12-01');
      assert.deepEqual(body.scheduledPlanChange && [body.scheduledPlanChange.toPlanId, body.scheduledPlanChange.effectiveOn], [faster.id, '2026-12-01']);
      assert.deepEqual(await pendingCharges(), []);
      assert.equal((await invoices()).length, 1);

      const page = await asStaff(t, owner, { method: 'GET', url: `/app/services/${service.id}`, headers: { accept: 'text/html' } });
      assert.match(page.body, /data-testid="scheduled-plan-change"/);
      assert.match(page.body, /Moves to <strong>Fiber 300<\/strong> on 2026-12-01/);

      const twice = await post(`/api/v1/services/${service.id}/plan`, { planId: faster.id, when: 'period_end' });
      assert.deepEqual([twice.statusCode, twice.json<Problem>().code], [409, 'plan_change_scheduled']);
      const nowToo = await post(`/api/v1/services/${service.id}/plan`, { planId: faster.id });
      assert.deepEqual([nowToo.statusCode, nowToo.json<Problem>().code], [409, 'plan_change_scheduled']);
      const dated = await post(`/api/v1/services/${service.id}/plan`, { planId: faster.id, when: 'period_end', effectiveOn: '2026-11-20' });
      assert.equal(dated.statusCode, 422);

      const cancelled = await post(`/api/v1/services/${service.id}/cancel-plan-change`, {});
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      assert.equal(cancelled.json<{ scheduledPlanChange: unknown }>().scheduledPlanChange, null);
      const rows = await q(sql<{ status: string }>`select status from scheduled_plan_changes`);
      assert.deepEqual(rows, [{ status: 'cancelled' }]);
      assert.equal((await post(`/api/v1/services/${service.id}/cancel-plan-change`, {})).statusCode, 409);
    });

    it('is refused for a service with nothing invoiced yet', async () => {
      const basic = await makePlan(t, owner);
      const faster = await makePlan(t, owner);
      const customer = await makeCustomer(t, owner);
      const service = await makeService(t, owner, { customerId: customer.id, planId: basic.id });
      const res = await post(`/api/v1/services/${service.id}/plan`, { planId: faster.id, when: 'period_end' });
      assert.deepEqual([res.statusCode, res.json<Problem>().code], [409, 'not_invoiced']);
    });

    it('from the page: the When option schedules it', async () => {
      const { faster, service } = await invoicedService();
      const res = await asStaff(t, owner, {
        method: 'POST',
        url: `/app/services/${service.id}/plan`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: owner.csrf, planId: faster.id, when: 'period_end', effectiveOn: '', reason: '' }).toString(),
      });
      assert.equal(res.statusCode, 303, res.body);
      assert.match(String(res.headers.location), /notice=scheduled/);
      assert.deepEqual(await q(sql<{ effective_on: string }>`select effective_on from scheduled_plan_changes where status = 'scheduled'`), [{ effective_on: '2026-12-01' }]);
    });
  });

  describe('cancellation on 2026-11-21', () => {
    it('prorated: a cancellation credit note for 10 of 30 days, with tax in the invoice proportion, spent on that invoice', async () => {
      await taxRate(120000);
      const { service, invoiceId } = await invoicedService();
      const res = await post(`/api/v1/services/${service.id}/terminate`, { endOn: '2026-11-21', reason: 'Moving away' });
      assert.equal(res.statusCode, 200, res.body);
      // 3,000.00 + 12% = 3,360.00; 10/30 of it is 1,120.00 of which 120.00 is tax.
      const [note] = await creditNotes();
      assert.deepEqual(note && [note.invoice_id, note.number, note.kind, note.subtotal_minor, note.tax_minor, note.total_minor], [invoiceId, 'CN-000001', 'cancellation', '100000', '12000', '112000']);
      assert.match(note?.reason ?? '', /unused days 2026-11-21 to 2026-11-30/);
      assert.equal(await balance(), String(336000 - 112000));
      const [inv] = await invoices();
      assert.equal(inv?.status, 'partially_paid');

      const page = await asStaff(t, owner, { method: 'GET', url: `/app/services/${service.id}`, headers: { accept: 'text/html' } });
      assert.match(page.body, /Terminated/);
    });

    it('none: no credit note, and the page says so', async () => {
      await settings({ cancellation_credit: 'none' });
      const { service } = await invoicedService();
      const page = await asStaff(t, owner, { method: 'GET', url: `/app/services/${service.id}`, headers: { accept: 'text/html' } });
      assert.match(page.body, /No credit for days already invoiced/);
      const res = await post(`/api/v1/services/${service.id}/terminate`, { endOn: '2026-11-21' });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(await creditNotes(), []);
      assert.equal(await balance(), '300000');
    });

    it('an end on or after billed_until credits nothing', async () => {
      const { service } = await invoicedService();
      t.clock.set(new Date('2026-12-02T03:00:00Z'));
      assert.equal((await post(`/api/v1/services/${service.id}/terminate`, { endOn: '2026-12-01' })).statusCode, 200);
      assert.deepEqual(await creditNotes(), []);
    });

    it('never credits more than is left on the invoice after earlier credit notes', async () => {
      const { service, customer, invoiceId } = await invoicedService();
      await q(sql`insert into credit_notes (tenant_id, invoice_id, customer_id, number, number_seq, currency, subtotal_minor, tax_minor, total_minor, reason, issued_on, customer_snapshot)
        values (${owner.tenantId}, ${invoiceId}, ${customer.id}, 'CN-MANUAL', 900, 'PHP', 250000, 0, 250000, 'goodwill', '2026-11-20', '{}')`);
      assert.equal((await post(`/api/v1/services/${service.id}/terminate`, { endOn: '2026-11-21' })).statusCode, 200);
      const notes = await creditNotes();
      assert.deepEqual(notes.filter((n) => n.kind === 'cancellation').map((n) => n.total_minor), ['50000']);
    });

    it('after a next_invoice upgrade: the pending prorations are invoiced for the days used, the period credited', async () => {
      const { faster, service, invoiceId } = await invoicedService();
      assert.equal((await post(`/api/v1/services/${service.id}/plan`, { planId: faster.id, effectiveOn: '2026-11-16' })).statusCode, 200);
      assert.equal((await post(`/api/v1/services/${service.id}/terminate`, { endOn: '2026-11-21' })).statusCode, 200);
      assert.deepEqual(
        (await pendingCharges()).map((c) => c.status),
        ['cancelled', 'cancelled'],
      );
      const change = (await invoices()).find((i) => i.kind === 'plan_change');
      // 5 of 15 days: -500.00 for Fiber 100 and +750.00 for Fiber 300.
      assert.equal(change?.total_minor, '25000');
      const [note] = await creditNotes();
      assert.deepEqual(note && [note.invoice_id, note.total_minor], [invoiceId, '100000']);
      // Fiber 100 for 15 days (1,500.00) and Fiber 300 for 5 (750.00), to the minor unit.
      assert.equal(await balance(), '225000');
    });

    it('after an immediate upgrade: both invoices are credited for the days after the end', async () => {
      await settings({ plan_change_billing: 'immediate' });
      const { faster, service } = await invoicedService();
      assert.equal((await post(`/api/v1/services/${service.id}/plan`, { planId: faster.id, effectiveOn: '2026-11-16' })).statusCode, 200);
      assert.equal((await post(`/api/v1/services/${service.id}/terminate`, { endOn: '2026-11-21' })).statusCode, 200);
      assert.deepEqual((await creditNotes()).map((n) => n.total_minor), ['100000', '50000']);
      assert.equal(await balance(), '225000');
    });

    it('cancels a change scheduled for the period end', async () => {
      const { faster, service } = await invoicedService();
      assert.equal((await post(`/api/v1/services/${service.id}/plan`, { planId: faster.id, when: 'period_end' })).statusCode, 200);
      assert.equal((await post(`/api/v1/services/${service.id}/terminate`, { endOn: '2026-11-21' })).statusCode, 200);
      assert.deepEqual(await q(sql<{ status: string }>`select status from scheduled_plan_changes`), [{ status: 'cancelled' }]);
    });

    it('prepaid: unused bought days are credited against the prepaid invoice, and the page says so', async () => {
      const { service, invoiceId } = await invoicedService({ billingMode: 'prepaid' });
      const page = await asStaff(t, owner, { method: 'GET', url: `/app/services/${service.id}`, headers: { accept: 'text/html' } });
      assert.match(page.body, /Unused prepaid days from the end date up to 2026-11-30 are credited on a credit note/);
      assert.equal((await post(`/api/v1/services/${service.id}/terminate`, { endOn: '2026-11-21' })).statusCode, 200);
      const [note] = await creditNotes();
      assert.deepEqual(note && [note.invoice_id, note.total_minor], [invoiceId, '100000']);
    });

    it('through the installation: ending the line credits the services on it', async () => {
      const customer = await makeCustomer(t, owner);
      const installation = await makeInstallation(t, owner, { customerId: customer.id, completed_on: '2026-11-01' });
      const { service, invoiceId } = await invoicedService({ customerId: customer.id, installationId: installation.id });
      const res = await post(`/api/v1/installations/${installation.id}/terminate`, { endedOn: '2026-11-21', reason: 'Line removed' });
      assert.equal(res.statusCode, 200, res.body);
      const [note] = await creditNotes();
      assert.deepEqual(note && [note.invoice_id, note.total_minor], [invoiceId, '100000']);
      const audit = await q(sql<{ after: { billing: { creditNotes: { number: string }[] } } }>`
        select after from audit_events where action = 'service.terminated' and entity_id = ${service.id}`);
      assert.deepEqual(audit[0]?.after.billing.creditNotes.map((n) => n.number), ['CN-000001']);
    });
  });

  describe('with the billing run on 2026-12-01', () => {
    const clerk: Actor = { type: 'system', id: null, label: 'test clerk', isOwner: false, permissions: new Set(ALL_PERMISSIONS) };
    const bill = () => runBilling({ db: t.app.db, now: t.clock.now }, owner.tenantId, clerk, { billOn: '2026-12-01', trigger: 'cli' });
    const decemberLines = (serviceId: string) =>
      q(sql<{ kind: string; total_minor: string }>`
        select l.kind, l.total_minor::text from invoice_lines l join invoices i on i.tenant_id = l.tenant_id and i.id = l.invoice_id
         where i.service_id = ${serviceId} and i.kind = 'recurring' and i.period_start = '2026-12-01' order by l.position`);

    it('puts the pending prorations on the December invoice, beside the new plan', async () => {
      const { faster, service } = await invoicedService();
      assert.equal((await post(`/api/v1/services/${service.id}/plan`, { planId: faster.id, effectiveOn: '2026-11-16' })).statusCode, 200);
      t.clock.set(new Date('2026-12-01T03:00:00Z'));
      assert.equal((await bill()).invoicesCreated, 1);
      // The run orders a service's charges by when they were added: the two came in one statement.
      const lines = await decemberLines(service.id);
      assert.deepEqual(lines[0], { kind: 'service', total_minor: '450000' });
      assert.deepEqual(
        lines.slice(1).sort((a, b) => a.kind.localeCompare(b.kind)),
        [
          { kind: 'proration_charge', total_minor: '225000' },
          { kind: 'proration_credit', total_minor: '-150000' },
        ],
      );
      assert.deepEqual((await pendingCharges()).map((c) => c.status), ['invoiced', 'invoiced']);
    });

    it('applies a change scheduled for the period end before billing December at the new plan', async () => {
      const { basic, faster, customer } = await invoicedService();
      const dear = await makeService(t, owner, { customerId: customer.id, planId: faster.id });
      await invoicePeriod(dear.id, customer.id, { start: '2026-11-01', end: '2026-12-01', amountMinor: 450000 });
      assert.equal((await post(`/api/v1/services/${dear.id}/plan`, { planId: basic.id, when: 'period_end' })).statusCode, 200);
      t.clock.set(new Date('2026-12-01T03:00:00Z'));
      await bill();
      assert.deepEqual(await decemberLines(dear.id), [{ kind: 'service', total_minor: '300000' }]);
      const after = await asStaff(t, owner, { method: 'GET', url: `/api/v1/services/${dear.id}` });
      assert.deepEqual([after.json<{ planId: string }>().planId, after.json<{ scheduledPlanChange: unknown }>().scheduledPlanChange], [basic.id, null]);
    });
  });

  describe('a 0-decimal currency (JPY), 7 of 31 days', () => {
    it('rounds each amount half away from zero: 7/31 of 999 is 226 (225.58)', async () => {
      // A month on, with a session signed in then.
      t.clock.set(new Date('2026-12-26T03:00:00Z'));
      owner = await signUpTenant(t);
      await settings({ currency: 'JPY', cancellation_credit: 'prorated' });
      const small = await makePlan(t, owner, { name: 'Lite', price_minor: 999, currency: 'JPY' });
      const big = await makePlan(t, owner, { name: 'Max', price_minor: 1999, currency: 'JPY' });
      const customer = await makeCustomer(t, owner);
      const service = await makeService(t, owner, { customerId: customer.id, planId: small.id, start_on: '2026-12-01' });
      const invoiceId = await invoicePeriod(service.id, customer.id, { start: '2026-12-01', end: '2027-01-01', amountMinor: 999, currency: 'JPY' });

      assert.equal((await post(`/api/v1/services/${service.id}/plan`, { planId: big.id, effectiveOn: '2026-12-25' })).statusCode, 200);
      // 1999 x 7 / 31 = 451.39 -> 451.
      assert.deepEqual(
        (await pendingCharges()).map((c) => c.unit_price_minor),
        ['-226', '451'],
      );

      const other = await makeService(t, owner, { customerId: customer.id, planId: small.id, start_on: '2026-12-01' });
      const otherInvoice = await invoicePeriod(other.id, customer.id, { start: '2026-12-01', end: '2027-01-01', amountMinor: 999, currency: 'JPY' });
      assert.equal((await post(`/api/v1/services/${other.id}/terminate`, { endOn: '2026-12-25' })).statusCode, 200);
      const notes = (await creditNotes()).filter((n) => n.invoice_id === otherInvoice);
      assert.deepEqual(notes.map((n) => n.total_minor), ['226']);
      assert.notEqual(invoiceId, otherInvoice);
    });
  });
});
