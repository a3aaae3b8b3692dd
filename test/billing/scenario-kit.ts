/**
 * Shared steps for the clock-driven billing scenarios (test/billing/scenarios/*): a company
 * with the billing settings and tax rates a scenario needs, a billing run on a date the
 * injected clock is moved to, and each customer's invoices read back as plain objects so a
 * scenario can compare every number, date, line and amount in one deepEqual.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { signUpTenant, type StaffSession, type TestApp } from '../helpers/app.ts';
import { withTenant, type TenantTx } from '../../src/db/tenancy.ts';
import type { BillingDayPolicy, CancellationCredit, InvoiceLineKind, PlanChangeBilling } from '../../src/db/schema.ts';
import { startOfDay } from '../../src/lib/zoned-time.ts';
import { ALL_PERMISSIONS } from '../../src/modules/roles/permissions.ts';
import type { Actor, TenantContext } from '../../src/modules/context.ts';
import { customerBalance } from '../../src/modules/billing/ledger-repository.ts';
import { runBilling, type BillingRunSummary } from '../../src/modules/billing-runs/run-billing.ts';

export const clerk: Actor = { type: 'system', id: null, label: 'scenario clerk', isOwner: false, permissions: new Set(ALL_PERMISSIONS) };

export interface CompanySettings {
  currency?: string;
  timeZone?: string;
  policy?: BillingDayPolicy;
  billingDay?: number;
  paymentTermsDays?: number;
  planChangeBilling?: PlanChangeBilling;
  cancellationCredit?: CancellationCredit;
}

export interface TaxRateInput {
  taxClass: string;
  name: string;
  ratePpm: number;
  inclusive: boolean;
}

export interface Company {
  owner: StaffSession;
  tenantId: string;
  timeZone: string;
}

/** A new company (its own numbering from INV-000001) with these billing settings and tax rates. */
export async function billingCompany(t: TestApp, settings: CompanySettings = {}, taxRates: readonly TaxRateInput[] = []): Promise<Company> {
  const owner = await signUpTenant(t);
  const timeZone = settings.timeZone ?? 'Asia/Manila';
  await withTenant(t.app.db, owner.tenantId, async (trx) => {
    await trx
      .updateTable('tenant_settings')
      .set({
        currency: settings.currency ?? 'PHP',
        time_zone: timeZone,
        billing_day_policy: settings.policy ?? 'anniversary',
        billing_day: settings.billingDay ?? 1,
        payment_terms_days: settings.paymentTermsDays ?? 7,
        plan_change_billing: settings.planChangeBilling ?? 'next_invoice',
        cancellation_credit: settings.cancellationCredit ?? 'prorated',
      })
      .where('tenant_id', '=', owner.tenantId)
      .execute();
    for (const rate of taxRates) {
      await trx
        .insertInto('tax_rates')
        .values({ tenant_id: owner.tenantId, tax_class: rate.taxClass, name: rate.name, rate_ppm: rate.ratePpm, inclusive: rate.inclusive })
        .execute();
    }
  });
  return { owner, tenantId: owner.tenantId, timeZone };
}

/** Runs `fn` in the company's tenant transaction (RLS and the app role apply). */
export function inCompany<R>(t: TestApp, company: Company, fn: (trx: TenantTx) => Promise<R>): Promise<R> {
  return withTenant(t.app.db, company.tenantId, fn);
}

/** Runs a use case as the scenario's clerk (every permission), reading the injected clock. */
export function asClerk<R>(t: TestApp, company: Company, fn: (ctx: TenantContext) => Promise<R>): Promise<R> {
  return withTenant(t.app.db, company.tenantId, (trx) => fn({ tenantId: company.tenantId, actor: clerk, trx, now: t.clock.now }));
}

/** Moves the clock to the local instant `date` at `hh:mm` in the company's zone. */
export function setLocalTime(t: TestApp, company: Company, date: string, hh = 1, mm = 0): void {
  t.clock.set(new Date(startOfDay(date, company.timeZone).getTime() + (hh * 60 + mm) * 60_000));
}

/**
 * The nightly run on `date`: the clock moves to 01:00 that day in the company's zone and the
 * run takes its billing date from the clock, as the scheduled run does.
 */
export async function billOn(t: TestApp, company: Company, date: string): Promise<BillingRunSummary> {
  setLocalTime(t, company, date);
  const summary = await runBilling({ db: t.app.db, now: t.clock.now }, company.tenantId, clerk, { trigger: 'cli' });
  assert.equal(summary.billOn, date, 'the run bills the local date of the clock');
  assert.equal(summary.status, 'completed');
  assert.deepEqual(summary.errors, []);
  return summary;
}

export interface LineView {
  kind: InvoiceLineKind;
  description: string;
  period: [string, string] | null;
  quantity: number;
  unit: number;
  net: number;
  tax: number;
  total: number;
  taxName: string | null;
  taxRatePpm: number;
  taxInclusive: boolean;
}

export interface InvoiceView {
  number: string | null;
  kind: string;
  status: string;
  issuedOn: string | null;
  dueOn: string | null;
  period: [string, string] | null;
  subtotal: number;
  tax: number;
  total: number;
  lines: LineView[];
}

/** A customer's invoices in number order, drafts last, with their lines in position order. */
export async function invoicesOf(t: TestApp, company: Company, customerId: string): Promise<InvoiceView[]> {
  return inCompany(t, company, async (trx) => {
    const invoices = await trx
      .selectFrom('invoices')
      .selectAll()
      .where('tenant_id', '=', company.tenantId)
      .where('customer_id', '=', customerId)
      .orderBy(sql`number_seq nulls last`)
      .orderBy('created_at')
      .execute();
    const views: InvoiceView[] = [];
    for (const i of invoices) {
      const lines = await trx
        .selectFrom('invoice_lines')
        .selectAll()
        .where('tenant_id', '=', company.tenantId)
        .where('invoice_id', '=', i.id)
        .orderBy('position')
        .execute();
      views.push({
        number: i.number,
        kind: i.kind,
        status: i.status,
        issuedOn: i.issued_on,
        dueOn: i.due_on,
        period: i.period_start && i.period_end ? [i.period_start, i.period_end] : null,
        subtotal: Number(i.subtotal_minor),
        tax: Number(i.tax_minor),
        total: Number(i.total_minor),
        lines: lines.map((l) => ({
          kind: l.kind,
          description: l.description,
          period: l.period_start && l.period_end ? [l.period_start, l.period_end] : null,
          quantity: Number(l.quantity),
          unit: Number(l.unit_price_minor),
          net: Number(l.net_minor),
          tax: Number(l.tax_minor),
          total: Number(l.total_minor),
          taxName: l.tax_name,
          taxRatePpm: Number(l.tax_rate_ppm),
          taxInclusive: l.tax_inclusive,
        })),
      });
    }
    return views;
  });
}

/** An expected line: untaxed and quantity 1 unless the scenario says otherwise. */
export function line(
  l: Pick<LineView, 'description' | 'unit' | 'net' | 'tax' | 'total'> & Partial<Pick<LineView, 'kind' | 'period' | 'quantity' | 'taxName' | 'taxRatePpm' | 'taxInclusive'>>,
): LineView {
  return {
    kind: l.kind ?? 'service',
    description: l.description,
    period: l.period ?? null,
    quantity: l.quantity ?? 1,
    unit: l.unit,
    net: l.net,
    tax: l.tax,
    total: l.total,
    taxName: l.taxName ?? null,
    taxRatePpm: l.taxRatePpm ?? 0,
    taxInclusive: l.taxInclusive ?? false,
  };
}

/**
 * A recurring invoice for one service period, open, with the given lines. The totals are
 * written out by the scenario, not summed here, so a wrong sum in the engine shows.
 */
export function recurring(
  inv: { number: string; issuedOn: string; dueOn: string; period: [string, string]; subtotal: number; tax: number; total: number; status?: string },
  lines: LineView[],
): InvoiceView {
  return { number: inv.number, kind: 'recurring', status: inv.status ?? 'open', issuedOn: inv.issuedOn, dueOn: inv.dueOn, period: inv.period, subtotal: inv.subtotal, tax: inv.tax, total: inv.total, lines };
}

export function balanceOf(t: TestApp, company: Company, customerId: string): Promise<number> {
  return inCompany(t, company, (trx) => customerBalance(trx, company.tenantId, customerId));
}

/** The customer's ledger as [entry type, amount, effective date], oldest first. */
export function ledgerOf(t: TestApp, company: Company, customerId: string): Promise<[string, number, string][]> {
  return inCompany(t, company, async (trx) => {
    const rows = await trx
      .selectFrom('ledger_entries')
      .select(['entry_type', 'amount_minor', 'effective_on'])
      .where('tenant_id', '=', company.tenantId)
      .where('customer_id', '=', customerId)
      .orderBy('created_at')
      .orderBy('effective_on')
      .execute();
    return rows.map((r) => [r.entry_type, Number(r.amount_minor), r.effective_on] as [string, number, string]);
  });
}

/** Invoices, lines and ledger entries of the whole company: what "nothing new" is measured in. */
export function companyCounts(t: TestApp, company: Company): Promise<{ invoices: number; lines: number; ledger: number }> {
  return inCompany(t, company, async (trx) => {
    const r = await sql<{ invoices: number; lines: number; ledger: number }>`
      select (select count(*)::int from invoices where tenant_id = ${company.tenantId}) as invoices,
             (select count(*)::int from invoice_lines where tenant_id = ${company.tenantId}) as lines,
             (select count(*)::int from ledger_entries where tenant_id = ${company.tenantId}) as ledger`.execute(trx);
    const row = r.rows[0];
    assert.ok(row);
    return { invoices: Number(row.invoices), lines: Number(row.lines), ledger: Number(row.ledger) };
  });
}

/** One night of a scenario: the run on `on` makes exactly `made`, and then the customer owes `balance`. */
export interface Night {
  on: string;
  made: InvoiceView[];
  balance: number;
  /** What the run reports it invoiced, per currency (checked when given). */
  totals?: Record<string, number>;
  /** Scheduled plan changes the run applies before billing (checked when given). */
  planChangesApplied?: number;
}

/**
 * Bills night after night and checks, after each, the invoices made that night, every
 * earlier invoice unchanged, the run's count and the customer's balance.
 */
export async function billNights(t: TestApp, company: Company, customerId: string, nights: readonly Night[]): Promise<InvoiceView[]> {
  const expected: InvoiceView[] = await invoicesOf(t, company, customerId);
  for (const night of nights) {
    const summary = await billOn(t, company, night.on);
    expected.push(...night.made);
    assert.deepEqual(await invoicesOf(t, company, customerId), expected, `invoices after the run on ${night.on}`);
    assert.equal(summary.invoicesCreated, night.made.length, `invoices made on ${night.on}`);
    if (night.totals) assert.deepEqual(summary.totals, night.totals, `run totals on ${night.on}`);
    if (night.planChangesApplied !== undefined) assert.equal(summary.planChangesApplied, night.planChangesApplied, `plan changes applied on ${night.on}`);
    assert.equal(await balanceOf(t, company, customerId), night.balance, `balance after ${night.on}`);
  }
  return expected;
}

/** Where billing stands for a service: its status, the end of the time paid or billed, its anchor day. */
export function serviceState(t: TestApp, company: Company, serviceId: string): Promise<{ status: string; billedUntil: string | null; anchorDay: number | null }> {
  return inCompany(t, company, async (trx) => {
    const s = await trx
      .selectFrom('services')
      .select(['status', 'billed_until', 'anchor_day'])
      .where('tenant_id', '=', company.tenantId)
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    return { status: s.status, billedUntil: s.billed_until, anchorDay: s.anchor_day === null ? null : Number(s.anchor_day) };
  });
}

/** One customer's money documents and ledger as plain rows, plus the company's document numbers: what the ledger properties check. */
export interface AccountRows {
  balance: number;
  ledger: { id: string; type: string; amount: number }[];
  invoices: { id: string; number: string; status: string; total: number; subtotal: number; tax: number; lineTotal: number; lineNet: number; lineTax: number }[];
  payments: { id: string; amount: number; status: string }[];
  receipts: { id: string; number: string }[];
  creditNotes: { id: string; invoiceId: string; total: number }[];
  refunds: { id: string; sourceId: string; amount: number }[];
  adjustments: number[];
  allocations: { id: string; invoiceId: string; sourceId: string; amount: number; reversesId: string | null }[];
  /** number_seq of every issued invoice, receipt and credit note of the company, ascending. */
  companySeqs: Record<'invoice' | 'receipt' | 'credit_note', number[]>;
}

export function readAccount(t: TestApp, company: Company, customerId: string): Promise<AccountRows> {
  const tenant = company.tenantId;
  return inCompany(t, company, async (trx) => {
    const rows = async <R>(query: ReturnType<typeof sql<R>>) => (await query.execute(trx)).rows;
    const ledger = await rows<{ id: string; entry_type: string; amount_minor: string }>(sql`
      select id, entry_type, amount_minor::text from ledger_entries where tenant_id = ${tenant} and customer_id = ${customerId} order by id`);
    const invoices = await rows<{ id: string; number: string; status: string; total: string; subtotal: string; tax: string; line_total: string; line_net: string; line_tax: string }>(sql`
      select i.id, i.number, i.status, i.total_minor::text as total, i.subtotal_minor::text as subtotal, i.tax_minor::text as tax,
             coalesce(sum(l.total_minor), 0)::text as line_total, coalesce(sum(l.net_minor), 0)::text as line_net, coalesce(sum(l.tax_minor), 0)::text as line_tax
        from invoices i left join invoice_lines l on l.tenant_id = i.tenant_id and l.invoice_id = i.id
       where i.tenant_id = ${tenant} and i.customer_id = ${customerId} and i.status <> 'draft'
       group by i.tenant_id, i.id order by i.number_seq`);
    const payments = await rows<{ id: string; amount: string; status: string }>(sql`
      select id, amount_minor::text as amount, status from payments where tenant_id = ${tenant} and customer_id = ${customerId} order by received_at, id`);
    const receipts = await rows<{ id: string; number: string }>(sql`
      select id, number from receipts where tenant_id = ${tenant} and customer_id = ${customerId} order by number_seq`);
    const creditNotes = await rows<{ id: string; invoice_id: string; total: string }>(sql`
      select id, invoice_id, total_minor::text as total from credit_notes where tenant_id = ${tenant} and customer_id = ${customerId} order by number_seq`);
    const refunds = await rows<{ id: string; source_id: string; amount: string }>(sql`
      select id, coalesce(payment_id, credit_note_id, credit_invoice_id) as source_id, amount_minor::text as amount
        from refunds where tenant_id = ${tenant} and customer_id = ${customerId} order by id`);
    const adjustments = await rows<{ amount: string }>(sql`
      select amount_minor::text as amount from balance_adjustments where tenant_id = ${tenant} and customer_id = ${customerId} order by id`);
    const allocations = await rows<{ id: string; invoice_id: string; source_id: string; amount: string; reverses_id: string | null }>(sql`
      select a.id, a.invoice_id, coalesce(a.payment_id, a.credit_note_id, a.credit_invoice_id) as source_id, a.amount_minor::text as amount, a.reverses_id
        from allocations a join invoices i on i.tenant_id = a.tenant_id and i.id = a.invoice_id
       where a.tenant_id = ${tenant} and i.customer_id = ${customerId} order by a.id`);
    const seqs = await rows<{ kind: 'invoice' | 'receipt' | 'credit_note'; seq: number }>(sql`
      select 'invoice' as kind, number_seq as seq from invoices where tenant_id = ${tenant} and number_seq is not null
      union all select 'receipt', number_seq from receipts where tenant_id = ${tenant}
      union all select 'credit_note', number_seq from credit_notes where tenant_id = ${tenant}
      order by kind, seq`);
    const balance = await customerBalance(trx, tenant, customerId);
    const companySeqs: AccountRows['companySeqs'] = { invoice: [], receipt: [], credit_note: [] };
    for (const s of seqs) companySeqs[s.kind].push(Number(s.seq));
    return {
      balance,
      ledger: ledger.map((e) => ({ id: e.id, type: e.entry_type, amount: Number(e.amount_minor) })),
      invoices: invoices.map((i) => ({
        id: i.id,
        number: i.number,
        status: i.status,
        total: Number(i.total),
        subtotal: Number(i.subtotal),
        tax: Number(i.tax),
        lineTotal: Number(i.line_total),
        lineNet: Number(i.line_net),
        lineTax: Number(i.line_tax),
      })),
      payments: payments.map((p) => ({ id: p.id, amount: Number(p.amount), status: p.status })),
      receipts,
      creditNotes: creditNotes.map((c) => ({ id: c.id, invoiceId: c.invoice_id, total: Number(c.total) })),
      refunds: refunds.map((r) => ({ id: r.id, sourceId: r.source_id, amount: Number(r.amount) })),
      adjustments: adjustments.map((a) => Number(a.amount)),
      allocations: allocations.map((a) => ({ id: a.id, invoiceId: a.invoice_id, sourceId: a.source_id, amount: Number(a.amount), reversesId: a.reverses_id })),
      companySeqs,
    };
  });
}
