/**
 * The dry run: what a billing run on a date (default tomorrow) would invoice, credit,
 * switch and expire, computed with the same planning code as the real run and written
 * nowhere. It reads in one tenant transaction without locks, walking due services in
 * batches; a service several periods behind is planned period after period in memory.
 */
import { sql } from 'kysely';
import type { BillingRunError } from '../../db/schema.ts';
import { addDays } from '../billing/billing-calendar.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { loadTaxRules } from '../billing/tax-rules.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { planBatch } from './bill-due-batch.ts';
import { selectDueServices, selectPendingCharges } from './due-services-repository.ts';
import { listPrepaidExpiring } from './expire-prepaid-services.ts';
import type { DueService, PlannedInvoice } from './recurring-invoice-plan.ts';

export interface BillingPreviewInvoice {
  serviceId: string;
  customerId: string;
  customerName: string;
  periodStart: string;
  periodEnd: string;
  totalMinor: number;
  creditMinor: number;
  lines: { description: string; totalMinor: number }[];
}

export interface BillingPreview {
  billOn: string;
  currency: string;
  invoiceCount: number;
  totalMinor: number;
  /** Sum of credit lines (unused days of an old plan) the invoices would carry, as a positive amount. */
  creditedMinor: number;
  /** The first invoices, for the screen; the counts and totals cover all of them. */
  invoices: BillingPreviewInvoice[];
  planChanges: { serviceId: string; customerName: string; fromPlan: string; toPlan: string; effectiveOn: string }[];
  expiring: { serviceId: string; customerName: string; paidUntil: string }[];
  skipped: BillingRunError[];
}

const SHOWN = 200;
const BATCH = 2000;

interface ScheduledSwitch {
  serviceId: string;
  customerName: string;
  fromPlan: string;
  toPlan: string;
  effectiveOn: string;
  plan: Pick<DueService, 'planName' | 'planPriceMinor' | 'planCurrency' | 'periodUnit' | 'periodCount' | 'taxClass'>;
}

async function scheduledSwitches(ctx: TenantContext, billOn: string): Promise<Map<string, ScheduledSwitch>> {
  const rows = await sql<{
    service_id: string;
    customer_name: string;
    from_plan: string;
    effective_on: string;
    name: string;
    price_minor: number;
    currency: string;
    period_unit: 'month' | 'day';
    period_count: number;
    tax_class: string;
  }>`
    select c.service_id, cu.display_name as customer_name, fp.name as from_plan, c.effective_on,
           p.name, p.price_minor, p.currency, p.period_unit, p.period_count, p.tax_class
      from scheduled_plan_changes c
      join services s on s.tenant_id = c.tenant_id and s.id = c.service_id
      join customers cu on cu.tenant_id = s.tenant_id and cu.id = s.customer_id
      join service_plans fp on fp.tenant_id = s.tenant_id and fp.id = s.plan_id
      join service_plans p on p.tenant_id = c.tenant_id and p.id = c.to_plan_id
     where c.tenant_id = ${ctx.tenantId} and c.status = 'scheduled' and c.effective_on <= ${billOn}::date
       and s.status in ('pending', 'active', 'suspended')`.execute(ctx.trx);
  return new Map(
    rows.rows.map((r) => [
      r.service_id,
      {
        serviceId: r.service_id,
        customerName: r.customer_name,
        fromPlan: r.from_plan,
        toPlan: r.name,
        effectiveOn: r.effective_on,
        plan: { planName: r.name, planPriceMinor: Number(r.price_minor), planCurrency: r.currency, periodUnit: r.period_unit, periodCount: Number(r.period_count), taxClass: r.tax_class },
      },
    ]),
  );
}

async function customerNames(ctx: TenantContext, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.trx.selectFrom('customers').select(['id', 'display_name']).where('tenant_id', '=', ctx.tenantId).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export async function previewBilling(ctx: TenantContext, input: { billOn?: string | undefined }): Promise<BillingPreview> {
  assertCan(ctx.actor, 'billing.run');
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const taxRules = await loadTaxRules(ctx.trx, ctx.tenantId);
  const billOn = input.billOn ?? addDays(calendarDateIn(ctx.now(), settings.timeZone), 1);
  const switches = await scheduledSwitches(ctx, billOn);

  const planned: PlannedInvoice[] = [];
  const skipped: BillingRunError[] = [];
  let invoiceCount = 0;
  let totalMinor = 0;
  let creditedMinor = 0;
  let afterId: string | null = null;
  for (;;) {
    const due = await selectDueServices(ctx.trx, ctx.tenantId, billOn, afterId, BATCH, { lock: false });
    if (due.length === 0) break;
    afterId = due[due.length - 1]?.id ?? null;
    const charges = await selectPendingCharges(ctx.trx, ctx.tenantId, due.map((s) => s.id), [...new Set(due.map((s) => s.customerId))], { lock: false });
    let pending = due.map((s) => {
      const change = switches.get(s.id);
      return change ? { ...s, ...change.plan } : s;
    });
    let pendingCharges = charges;
    // Plan period after period until each service is billed up to the date.
    while (pending.length > 0) {
      const { planned: batch, errors } = planBatch(pending, pendingCharges, settings, taxRules);
      skipped.push(...errors);
      for (const inv of batch) {
        invoiceCount += 1;
        totalMinor += inv.totalMinor;
        creditedMinor += inv.lines.filter((l) => l.total_minor < 0).reduce((sum, l) => sum - l.total_minor, 0);
        if (planned.length < SHOWN) planned.push(inv);
      }
      const ends = new Map(batch.map((inv) => [inv.serviceId, inv]));
      pending = pending
        .filter((s) => ends.has(s.id))
        .map((s) => {
          const inv = ends.get(s.id);
          return { ...s, billedUntil: inv?.periodEnd ?? s.billedUntil, anchorDay: inv?.anchorDay ?? s.anchorDay };
        })
        .filter((s) => s.billedUntil !== null && s.billedUntil <= billOn && (s.endOn === null || s.billedUntil < s.endOn));
      pendingCharges = [];
    }
  }

  const expiring = await listPrepaidExpiring(ctx, billOn);
  const names = await customerNames(ctx, [...planned.map((p) => p.customerId), ...expiring.map((e) => e.customerId)]);
  return {
    billOn,
    currency: settings.currency,
    invoiceCount,
    totalMinor,
    creditedMinor,
    invoices: planned.map((p) => ({
      serviceId: p.serviceId,
      customerId: p.customerId,
      customerName: names.get(p.customerId) ?? '',
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      totalMinor: p.totalMinor,
      creditMinor: p.lines.filter((l) => l.total_minor < 0).reduce((sum, l) => sum - l.total_minor, 0),
      lines: p.lines.map((l) => ({ description: l.description, totalMinor: l.total_minor })),
    })),
    planChanges: [...switches.values()].map(({ plan: _plan, ...rest }) => rest),
    expiring: expiring.map((e) => ({ serviceId: e.id, customerName: names.get(e.customerId) ?? '', paidUntil: e.paidUntil })),
    skipped,
  };
}
