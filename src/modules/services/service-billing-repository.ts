/**
 * What the service use cases read and write of billing: where a service's invoicing stands,
 * the invoice covering a day, proration charges waiting for the next invoice, plan changes
 * scheduled for the end of the period, and the invoice lines a cancellation credits.
 * bigint columns come back as strings from pg and numbers from PGlite, hence the Number()s.
 */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import type { ChargeKind, InvoiceKind, InvoiceStatus, PeriodUnit } from '../../db/schema.ts';
import type { PendingCharge } from '../billing-runs/recurring-invoice-plan.ts';

export interface ServiceBillingState {
  customerId: string;
  billingMode: 'prepaid' | 'postpaid';
  /** End (exclusive) of the last invoiced period; null before the first invoice. */
  billedUntil: string | null;
  anchorDay: number | null;
}

export async function serviceBillingState(trx: TenantTx, tenantId: string, serviceId: string): Promise<ServiceBillingState> {
  const row = await trx
    .selectFrom('services')
    .select(['customer_id', 'billing_mode', 'billed_until', 'anchor_day'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', serviceId)
    .executeTakeFirstOrThrow();
  return { customerId: row.customer_id, billingMode: row.billing_mode, billedUntil: row.billed_until, anchorDay: row.anchor_day === null ? null : Number(row.anchor_day) };
}

export interface PlanBillingFacts {
  id: string;
  name: string;
  priceMinor: number;
  period: { unit: PeriodUnit; count: number };
  taxClass: string;
}

export async function planBillingFacts(trx: TenantTx, tenantId: string, planId: string): Promise<PlanBillingFacts> {
  const p = await trx
    .selectFrom('service_plans')
    .select(['id', 'name', 'price_minor', 'period_unit', 'period_count', 'tax_class'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', planId)
    .executeTakeFirstOrThrow();
  return { id: p.id, name: p.name, priceMinor: Number(p.price_minor), period: { unit: p.period_unit, count: Number(p.period_count) }, taxClass: p.tax_class };
}

export interface CoveringInvoice {
  id: string;
  currency: string;
  periodStart: string;
  periodEnd: string;
}

/** The service's issued, not voided invoice of `kind` whose period contains `date`. */
export async function findInvoiceCovering(trx: TenantTx, tenantId: string, serviceId: string, kind: InvoiceKind, date: string): Promise<CoveringInvoice | undefined> {
  const row = await trx
    .selectFrom('invoices')
    .select(['id', 'currency', 'period_start', 'period_end'])
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('kind', '=', kind)
    .where('status', 'not in', ['draft', 'void'])
    .where('period_start', '<=', date)
    .where('period_end', '>', date)
    .orderBy('period_start', 'desc')
    .executeTakeFirst();
  if (!row?.period_start || !row.period_end) return undefined;
  return { id: row.id, currency: row.currency, periodStart: row.period_start, periodEnd: row.period_end };
}

export interface NewServiceCharge {
  customerId: string;
  serviceId: string;
  kind: ChargeKind;
  description: string;
  periodStart: string;
  periodEnd: string;
  unitPriceMinor: number;
  taxClass: string;
  createdByLabel: string;
  createdAt: Date;
}

export async function insertServiceCharges(trx: TenantTx, tenantId: string, charges: readonly NewServiceCharge[]): Promise<void> {
  if (charges.length === 0) return;
  await trx
    .insertInto('charges')
    .values(
      charges.map((c) => ({
        tenant_id: tenantId,
        customer_id: c.customerId,
        service_id: c.serviceId,
        kind: c.kind,
        description: c.description,
        period_start: c.periodStart,
        period_end: c.periodEnd,
        unit_price_minor: c.unitPriceMinor,
        tax_class: c.taxClass,
        created_by_label: c.createdByLabel,
        created_at: c.createdAt,
      })),
    )
    .execute();
}

/** A pending charge as the billing run reads it, less whom it is for (the service being settled). */
export type CancelledCharge = Omit<PendingCharge, 'customerId' | 'serviceId'>;

/** Marks the service's pending plan-change prorations cancelled and returns them. */
export async function cancelPendingProrations(trx: TenantTx, tenantId: string, serviceId: string): Promise<CancelledCharge[]> {
  const rows = await trx
    .updateTable('charges')
    .set({ status: 'cancelled', settled_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('status', '=', 'pending')
    .where('kind', 'in', ['proration_credit', 'proration_charge'])
    .returning(['id', 'kind', 'description', 'period_start', 'period_end', 'quantity', 'unit_price_minor', 'tax_class', 'created_at'])
    .execute();
  return rows
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id))
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      description: r.description,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      quantity: Number(r.quantity),
      unitPriceMinor: Number(r.unit_price_minor),
      taxClass: r.tax_class,
    }));
}

export interface ScheduledPlanChangeView {
  id: string;
  toPlanId: string;
  toPlanName: string;
  effectiveOn: string;
  reason: string;
  createdAt: Date;
  actorLabel: string;
}

export async function findScheduledPlanChange(trx: TenantTx, tenantId: string, serviceId: string): Promise<ScheduledPlanChangeView | undefined> {
  return trx
    .selectFrom('scheduled_plan_changes as c')
    .innerJoin('service_plans as p', (j) => j.onRef('p.tenant_id', '=', 'c.tenant_id').onRef('p.id', '=', 'c.to_plan_id'))
    .select(['c.id', 'c.to_plan_id as toPlanId', 'p.name as toPlanName', 'c.effective_on as effectiveOn', 'c.reason', 'c.created_at as createdAt', 'c.actor_label as actorLabel'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.service_id', '=', serviceId)
    .where('c.status', '=', 'scheduled')
    .executeTakeFirst();
}

export async function insertScheduledPlanChange(
  trx: TenantTx,
  tenantId: string,
  input: { serviceId: string; toPlanId: string; effectiveOn: string; reason: string; at: Date; actorLabel: string },
): Promise<void> {
  await trx
    .insertInto('scheduled_plan_changes')
    .values({ tenant_id: tenantId, service_id: input.serviceId, to_plan_id: input.toPlanId, effective_on: input.effectiveOn, reason: input.reason, created_at: input.at, actor_label: input.actorLabel })
    .execute();
}

/** Cancels the service's scheduled change, if any; returns how many rows moved (0 or 1). */
export async function cancelScheduledPlanChanges(trx: TenantTx, tenantId: string, serviceId: string, at: Date): Promise<number> {
  const result = await trx
    .updateTable('scheduled_plan_changes')
    .set({ status: 'cancelled', settled_at: at })
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface BilledServiceLine {
  invoiceId: string;
  invoiceNumber: string;
  invoiceStatus: InvoiceStatus;
  invoiceTaxMinor: number;
  invoiceTotalMinor: number;
  currency: string;
  /** The line's own period, or its invoice's when the line has none. */
  periodStart: string;
  periodEnd: string;
  totalMinor: number;
}

/**
 * Lines that billed this service for days on or after `from`: the period line of recurring
 * and prepaid invoices and the proration lines of plan changes, on invoices that can still
 * be credited (issued; not void, not written off as uncollectible). Oldest invoice first.
 */
export async function serviceLinesEndingAfter(trx: TenantTx, tenantId: string, serviceId: string, from: string): Promise<BilledServiceLine[]> {
  const result = await sql<{
    invoice_id: string;
    number: string;
    status: InvoiceStatus;
    invoice_tax: string | number;
    invoice_total: string | number;
    currency: string;
    period_start: string;
    period_end: string;
    total_minor: string | number;
  }>`
    select i.id as invoice_id, i.number, i.status, i.tax_minor as invoice_tax, i.total_minor as invoice_total, i.currency,
           to_char(coalesce(l.period_start, i.period_start), 'YYYY-MM-DD') as period_start,
           to_char(coalesce(l.period_end, i.period_end), 'YYYY-MM-DD') as period_end,
           l.total_minor
      from invoices i
      join invoice_lines l on l.tenant_id = i.tenant_id and l.invoice_id = i.id
     where i.tenant_id = ${tenantId} and i.service_id = ${serviceId}
       and i.kind in ('recurring', 'prepaid', 'plan_change') and i.status in ('open', 'partially_paid', 'paid')
       and l.kind in ('service', 'prepaid_time', 'proration_credit', 'proration_charge')
       and (l.service_id is null or l.service_id = i.service_id)
       and coalesce(l.period_end, i.period_end) > ${from}::date
     order by i.number_seq, l.position`.execute(trx);
  return result.rows.map((r) => ({
    invoiceId: r.invoice_id,
    invoiceNumber: r.number,
    invoiceStatus: r.status,
    invoiceTaxMinor: Number(r.invoice_tax),
    invoiceTotalMinor: Number(r.invoice_total),
    currency: r.currency,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    totalMinor: Number(r.total_minor),
  }));
}
