/**
 * The cashier's day: posted payments received on one date, summed per staff member, method
 * and currency, and the ones of that date voided since. Staff are told apart by user id
 * (an API key has none, so its label stands in).
 */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import type { PaymentMethod } from '../../db/schema.ts';

export interface CollectedRow {
  collectedBy: string | null;
  collectedByLabel: string;
  method: PaymentMethod;
  currency: string;
  count: number;
  amountMinor: number;
}

export async function sumCollectedOn(trx: TenantTx, tenantId: string, date: string): Promise<CollectedRow[]> {
  const result = await sql<{ collected_by: string | null; label: string; method: PaymentMethod; currency: string; count: string; amount: string }>`
    select collected_by, max(collected_by_label) as label, method, currency, count(*)::text as count, sum(amount_minor)::text as amount
      from payments
     where tenant_id = ${tenantId} and received_on = ${date} and status = 'posted'
     group by collected_by, case when collected_by is null then collected_by_label end, method, currency
     order by label, method, currency`.execute(trx);
  return result.rows.map((r) => ({
    collectedBy: r.collected_by,
    collectedByLabel: r.label,
    method: r.method,
    currency: r.currency,
    count: Number(r.count),
    amountMinor: Number(r.amount),
  }));
}

export interface VoidedPaymentRow {
  paymentId: string;
  receiptId: string;
  receiptNumber: string;
  collectedByLabel: string;
  method: PaymentMethod;
  reference: string;
  currency: string;
  amountMinor: number;
  voidReason: string;
  voidedByLabel: string;
  voidedAt: Date;
}

export async function listVoidedOn(trx: TenantTx, tenantId: string, date: string): Promise<VoidedPaymentRow[]> {
  const rows = await trx
    .selectFrom('payments as p')
    .innerJoin('receipts as r', (j) => j.onRef('r.tenant_id', '=', 'p.tenant_id').onRef('r.payment_id', '=', 'p.id'))
    .select([
      'p.id as paymentId',
      'r.id as receiptId',
      'r.number as receiptNumber',
      'p.collected_by_label as collectedByLabel',
      'p.method',
      'p.reference',
      'p.currency',
      'p.amount_minor as amountMinor',
      'p.void_reason as voidReason',
      'p.voided_by_label as voidedByLabel',
      'p.voided_at as voidedAt',
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('p.received_on', '=', date)
    .where('p.status', '=', 'void')
    .orderBy('r.number_seq')
    .execute();
  return rows.map((r) => ({
    ...r,
    amountMinor: Number(r.amountMinor),
    voidReason: r.voidReason ?? '',
    voidedByLabel: r.voidedByLabel ?? '',
    voidedAt: r.voidedAt ?? new Date(0),
  }));
}
