/**
 * The customer ledger: append-only (the table refuses UPDATE and DELETE). A balance is
 * always the sum of entries; nothing caches it. Positive amounts mean the customer owes.
 */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import type { LedgerEntryType } from '../../db/schema.ts';

export interface NewLedgerEntry {
  customerId: string;
  entryType: LedgerEntryType;
  amountMinor: number;
  currency: string;
  effectiveOn: string;
  description: string;
  invoiceId?: string;
  paymentId?: string;
  creditNoteId?: string;
  refundId?: string;
  adjustmentId?: string;
}

export async function appendLedgerEntry(trx: TenantTx, tenantId: string, entry: NewLedgerEntry): Promise<void> {
  await trx
    .insertInto('ledger_entries')
    .values({
      tenant_id: tenantId,
      customer_id: entry.customerId,
      entry_type: entry.entryType,
      amount_minor: entry.amountMinor,
      currency: entry.currency,
      effective_on: entry.effectiveOn,
      description: entry.description.slice(0, 300),
      invoice_id: entry.invoiceId ?? null,
      payment_id: entry.paymentId ?? null,
      credit_note_id: entry.creditNoteId ?? null,
      refund_id: entry.refundId ?? null,
      adjustment_id: entry.adjustmentId ?? null,
    })
    .execute();
}

/** The customer's balance in minor units: what they owe (negative: credit on the account). */
export async function customerBalance(trx: TenantTx, tenantId: string, customerId: string): Promise<number> {
  const row = await trx
    .selectFrom('ledger_entries')
    .select(sql<string>`coalesce(sum(amount_minor), 0)::text`.as('balance'))
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}
