/**
 * The ledger as a statement reads it: the balance before a date, and the entries of a date
 * range with the document each points at. Served by ledger_entries_by_customer
 * (tenant_id, customer_id, effective_on, created_at).
 */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import type { LedgerEntryType } from '../../db/schema.ts';

/** Sum of the entries dated before `before` (the statement's opening balance). */
export async function balanceBefore(trx: TenantTx, tenantId: string, customerId: string, before: string): Promise<number> {
  const row = await trx
    .selectFrom('ledger_entries')
    .select(sql<string>`coalesce(sum(amount_minor), 0)::text`.as('balance'))
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('effective_on', '<', before)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

export interface StatementEntryRow {
  id: string;
  entry_type: LedgerEntryType;
  amount_minor: number;
  currency: string;
  effective_on: string;
  description: string;
  invoice_id: string | null;
  invoice_number: string | null;
  payment_id: string | null;
  receipt_id: string | null;
  receipt_number: string | null;
  credit_note_id: string | null;
  credit_note_number: string | null;
  refund_id: string | null;
  refund_reference: string | null;
  adjustment_id: string | null;
  adjustment_reason: string | null;
}

/** Entries dated from..to (both included), in the order they happened. */
export async function listEntriesBetween(trx: TenantTx, tenantId: string, customerId: string, from: string, to: string): Promise<StatementEntryRow[]> {
  return trx
    .selectFrom('ledger_entries as e')
    .leftJoin('invoices as i', (j) => j.onRef('i.tenant_id', '=', 'e.tenant_id').onRef('i.id', '=', 'e.invoice_id'))
    .leftJoin('receipts as r', (j) => j.onRef('r.tenant_id', '=', 'e.tenant_id').onRef('r.payment_id', '=', 'e.payment_id'))
    .leftJoin('credit_notes as c', (j) => j.onRef('c.tenant_id', '=', 'e.tenant_id').onRef('c.id', '=', 'e.credit_note_id'))
    .leftJoin('refunds as f', (j) => j.onRef('f.tenant_id', '=', 'e.tenant_id').onRef('f.id', '=', 'e.refund_id'))
    .leftJoin('balance_adjustments as b', (j) => j.onRef('b.tenant_id', '=', 'e.tenant_id').onRef('b.id', '=', 'e.adjustment_id'))
    .select([
      'e.id',
      'e.entry_type',
      'e.amount_minor',
      'e.currency',
      'e.effective_on',
      'e.description',
      'e.invoice_id',
      'i.number as invoice_number',
      'e.payment_id',
      'r.id as receipt_id',
      'r.number as receipt_number',
      'e.credit_note_id',
      'c.number as credit_note_number',
      'e.refund_id',
      'f.reference as refund_reference',
      'e.adjustment_id',
      'b.reason as adjustment_reason',
    ])
    .where('e.tenant_id', '=', tenantId)
    .where('e.customer_id', '=', customerId)
    .where('e.effective_on', '>=', from)
    .where('e.effective_on', '<=', to)
    .orderBy('e.effective_on')
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
}
