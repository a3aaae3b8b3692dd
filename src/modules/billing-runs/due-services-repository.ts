/**
 * Reads for the billing run: the next batch of postpaid services due on a date, and the
 * charges waiting for their invoices. Services are locked FOR UPDATE SKIP LOCKED, so two
 * runs for one tenant (a nightly job and a clerk) split the work instead of colliding, and
 * a row another run has just billed no longer matches "due" when it is re-checked.
 */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import type { DueService, PendingCharge } from './recurring-invoice-plan.ts';

export async function selectDueServices(
  trx: TenantTx,
  tenantId: string,
  billOn: string,
  afterId: string | null,
  limit: number,
  options: { lock: boolean },
): Promise<DueService[]> {
  const result = await sql<{
    id: string;
    customer_id: string;
    start_on: string;
    end_on: string | null;
    billed_until: string | null;
    anchor_day: number | null;
    plan_name: string;
    price_minor: number;
    currency: string;
    period_unit: 'month' | 'day';
    period_count: number;
    tax_class: string;
    price_override_minor: number | null;
    discount_minor: number | null;
  }>`
    select s.id, s.customer_id, s.start_on, s.end_on, s.billed_until, s.anchor_day,
           p.name as plan_name, p.price_minor, p.currency, p.period_unit, p.period_count, p.tax_class,
           s.price_override_minor, s.discount_minor
      from services s
      join service_plans p on p.tenant_id = s.tenant_id and p.id = s.plan_id
     where s.tenant_id = ${tenantId}
       and s.billing_mode = 'postpaid' and s.status = 'active'
       and coalesce(s.billed_until, s.start_on) <= ${billOn}
       and (s.end_on is null or coalesce(s.billed_until, s.start_on) < s.end_on)
       ${afterId ? sql`and s.id > ${afterId}` : sql``}
     order by s.id
     limit ${limit}
     ${options.lock ? sql`for update of s skip locked` : sql``}`.execute(trx);
  return result.rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    startOn: r.start_on,
    endOn: r.end_on,
    billedUntil: r.billed_until,
    anchorDay: r.anchor_day === null ? null : Number(r.anchor_day),
    planName: r.plan_name,
    planPriceMinor: Number(r.price_minor),
    planCurrency: r.currency,
    periodUnit: r.period_unit,
    periodCount: Number(r.period_count),
    taxClass: r.tax_class,
    priceOverrideMinor: r.price_override_minor === null ? null : Number(r.price_override_minor),
    discountMinor: r.discount_minor === null ? null : Number(r.discount_minor),
  }));
}

/**
 * Pending charges for these services, plus each customer's charges that name no service
 * (installation fee, equipment, late fee typed by staff). Locked so a clerk putting the
 * same charge on a manual invoice waits for the run, then finds it invoiced.
 */
export async function selectPendingCharges(
  trx: TenantTx,
  tenantId: string,
  serviceIds: readonly string[],
  customerIds: readonly string[],
  options: { lock: boolean },
): Promise<PendingCharge[]> {
  if (serviceIds.length === 0) return [];
  const result = await sql<{
    id: string;
    customer_id: string;
    service_id: string | null;
    kind: PendingCharge['kind'];
    description: string;
    period_start: string | null;
    period_end: string | null;
    quantity: number;
    unit_price_minor: number;
    tax_class: string;
  }>`
    select id, customer_id, service_id, kind, description, period_start, period_end, quantity, unit_price_minor, tax_class
      from charges
     where tenant_id = ${tenantId} and status = 'pending'
       and (service_id = any(${serviceIds}::uuid[]) or (service_id is null and customer_id = any(${customerIds}::uuid[])))
     -- A plan change writes its credit and its charge in one transaction: credit first.
     order by created_at, case kind when 'proration_credit' then 0 when 'proration_charge' then 1 else 2 end, id
     ${options.lock ? sql`for update` : sql``}`.execute(trx);
  return result.rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    serviceId: r.service_id,
    kind: r.kind,
    description: r.description,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    quantity: Number(r.quantity),
    unitPriceMinor: Number(r.unit_price_minor),
    taxClass: r.tax_class,
  }));
}

/** How many postpaid services have a period due on the date (one each; late ones count once). */
export async function countDueServices(trx: TenantTx, tenantId: string, billOn: string): Promise<number> {
  const result = await sql<{ n: number }>`
    select count(*)::int as n from services s
     where s.tenant_id = ${tenantId} and s.billing_mode = 'postpaid' and s.status = 'active'
       and coalesce(s.billed_until, s.start_on) <= ${billOn}
       and (s.end_on is null or coalesce(s.billed_until, s.start_on) < s.end_on)`.execute(trx);
  return result.rows[0]?.n ?? 0;
}
