/**
 * One-off charges waiting for an invoice. A charge is pending until an invoice takes it
 * (the billing run's next recurring invoice, or a one-off invoice staff create), which
 * marks it invoiced with that invoice's id in the same transaction.
 */
import { sql, type Selectable } from 'kysely';
import { isUuid, type TenantTx } from '../../db/tenancy.ts';
import type { ChargeKind, ChargesTable, ChargeStatus } from '../../db/schema.ts';

export type ChargeRow = Selectable<ChargesTable>;

export interface NewCharge {
  customerId: string;
  serviceId: string | null;
  kind: ChargeKind;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  taxClass: string;
  createdByLabel: string;
  createdAt: Date;
}

export async function insertCharge(trx: TenantTx, tenantId: string, charge: NewCharge): Promise<ChargeRow> {
  return trx
    .insertInto('charges')
    .values({
      tenant_id: tenantId,
      customer_id: charge.customerId,
      service_id: charge.serviceId,
      kind: charge.kind,
      description: charge.description,
      quantity: charge.quantity,
      unit_price_minor: charge.unitPriceMinor,
      tax_class: charge.taxClass,
      created_by_label: charge.createdByLabel,
      created_at: charge.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findCharge(trx: TenantTx, tenantId: string, chargeId: string): Promise<ChargeRow | undefined> {
  if (!isUuid(chargeId)) return undefined;
  return trx.selectFrom('charges').selectAll().where('tenant_id', '=', tenantId).where('id', '=', chargeId).executeTakeFirst();
}

export async function lockCharge(trx: TenantTx, tenantId: string, chargeId: string): Promise<ChargeRow | undefined> {
  if (!isUuid(chargeId)) return undefined;
  return trx.selectFrom('charges').selectAll().where('tenant_id', '=', tenantId).where('id', '=', chargeId).forUpdate().executeTakeFirst();
}

/** The charges named, locked, in the order they were added. */
export async function lockCharges(trx: TenantTx, tenantId: string, chargeIds: readonly string[]): Promise<ChargeRow[]> {
  if (chargeIds.length === 0) return [];
  return trx
    .selectFrom('charges')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...chargeIds])
    .orderBy('created_at')
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function listCharges(
  trx: TenantTx,
  tenantId: string,
  filter: { customerId?: string | undefined; status?: ChargeStatus | undefined; invoiceId?: string | undefined },
  limit: number,
): Promise<ChargeRow[]> {
  let query = trx.selectFrom('charges').selectAll().where('tenant_id', '=', tenantId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.invoiceId) query = query.where('invoice_id', '=', filter.invoiceId);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Newest first, keyed by (created_at, id) for cursor pagination. */
export async function listChargePage(
  trx: TenantTx,
  tenantId: string,
  filter: { customerId?: string | undefined; status?: ChargeStatus | undefined },
  page: { limit: number; after?: { createdKey: string; id: string } | undefined },
): Promise<(ChargeRow & { createdKey: string })[]> {
  let query = trx.selectFrom('charges').selectAll().select(sql<string>`created_at::text`.as('createdKey')).where('tenant_id', '=', tenantId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (page.after) query = query.where(sql<boolean>`(created_at, id) < (${page.after.createdKey}::timestamptz, ${page.after.id}::uuid)`);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute();
}

/** Marks pending charges as taken by an invoice; returns how many were still pending. */
export async function markChargesInvoiced(trx: TenantTx, tenantId: string, chargeIds: readonly string[], invoiceId: string, at: Date): Promise<number> {
  if (chargeIds.length === 0) return 0;
  const rows = await trx
    .updateTable('charges')
    .set({ status: 'invoiced', invoice_id: invoiceId, settled_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...chargeIds])
    .where('status', '=', 'pending')
    .returning('id')
    .execute();
  return rows.length;
}

/** A draft gave a charge back (its line was removed): it waits for the next invoice again. */
export async function releaseCharges(trx: TenantTx, tenantId: string, chargeIds: readonly string[]): Promise<void> {
  if (chargeIds.length === 0) return;
  await trx
    .updateTable('charges')
    .set({ status: 'pending', invoice_id: null, settled_at: null })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...chargeIds])
    .where('status', '=', 'invoiced')
    .execute();
}

export async function setChargeCancelled(trx: TenantTx, tenantId: string, chargeId: string, at: Date): Promise<void> {
  await trx
    .updateTable('charges')
    .set({ status: 'cancelled', settled_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', chargeId)
    .where('status', '=', 'pending')
    .execute();
}

/** Whether a service belongs to the customer (a charge or line may name only their own). */
export async function serviceOfCustomer(trx: TenantTx, tenantId: string, serviceId: string, customerId: string): Promise<boolean> {
  if (!isUuid(serviceId)) return false;
  const row = await trx
    .selectFrom('services')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', serviceId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function customerExists(trx: TenantTx, tenantId: string, customerId: string): Promise<boolean> {
  if (!isUuid(customerId)) return false;
  const row = await trx.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where('id', '=', customerId).executeTakeFirst();
  return row !== undefined;
}

/** The customer's services for a charge's or line's service picker: plan name and status. */
export async function listCustomerServiceOptions(trx: TenantTx, tenantId: string, customerId: string): Promise<{ id: string; label: string }[]> {
  const rows = await trx
    .selectFrom('services as s')
    .innerJoin('service_plans as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.plan_id'))
    .select(['s.id', 'p.name', 's.status', 's.start_on'])
    .where('s.tenant_id', '=', tenantId)
    .where('s.customer_id', '=', customerId)
    .orderBy('s.start_on')
    .execute();
  return rows.map((r) => ({ id: r.id, label: `${r.name} (${r.status}, from ${r.start_on})` }));
}
