/**
 * A customer's ledger as staff read it, refunds and balance adjustments (both append-only),
 * and the few reads the billing section needs. The balance is always the sum of entries.
 */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import type { LedgerEntryType, PaymentMethod } from '../../db/schema.ts';
import type { CreditSourceKind } from '../billing/account-repository.ts';

export type LedgerDocumentType = 'invoice' | 'payment' | 'credit_note' | 'refund' | 'adjustment';

export interface LedgerEntryView {
  id: string;
  entryType: LedgerEntryType;
  amountMinor: number;
  currency: string;
  effectiveOn: string;
  createdAt: Date;
  description: string;
  /** The document the entry points at; number is the invoice, receipt or credit-note number. */
  document: { type: LedgerDocumentType; id: string; number: string | null };
  /** The payment's receipt, for a link to its page. */
  receiptId: string | null;
  /** The balance right after this entry (entries ordered by time of writing, then id). */
  balanceAfterMinor: number;
  createdKey: string;
}

interface LedgerRow {
  id: string;
  entry_type: LedgerEntryType;
  amount_minor: number;
  currency: string;
  effective_on: string;
  created_at: Date;
  description: string;
  invoice_id: string | null;
  payment_id: string | null;
  credit_note_id: string | null;
  refund_id: string | null;
  adjustment_id: string | null;
  number: string | null;
  receipt_id: string | null;
  balance_after: string;
  created_key: string;
}

function documentOf(r: LedgerRow): LedgerEntryView['document'] {
  if (r.invoice_id) return { type: 'invoice', id: r.invoice_id, number: r.number };
  if (r.payment_id) return { type: 'payment', id: r.payment_id, number: r.number };
  if (r.credit_note_id) return { type: 'credit_note', id: r.credit_note_id, number: r.number };
  if (r.refund_id) return { type: 'refund', id: r.refund_id, number: null };
  return { type: 'adjustment', id: r.adjustment_id ?? '', number: null };
}

/** Newest first, with the running balance after each entry. */
export async function listLedgerRows(
  trx: TenantTx,
  tenantId: string,
  customerId: string,
  page: { limit: number; after?: { createdKey: string; id: string } | undefined },
): Promise<LedgerEntryView[]> {
  const after = page.after ? sql`where (x.created_at, x.id) < (${page.after.createdKey}::timestamptz, ${page.after.id}::uuid)` : sql``;
  const result = await sql<LedgerRow>`
    select x.* from (
      select e.id, e.entry_type, e.amount_minor, e.currency, e.effective_on, e.created_at, e.description,
             e.invoice_id, e.payment_id, e.credit_note_id, e.refund_id, e.adjustment_id,
             coalesce(i.number, r.number, c.number) as number, r.id as receipt_id,
             (sum(e.amount_minor) over (order by e.created_at, e.id))::text as balance_after,
             e.created_at::text as created_key
        from ledger_entries e
        left join invoices i on i.tenant_id = e.tenant_id and i.id = e.invoice_id
        left join receipts r on r.tenant_id = e.tenant_id and r.payment_id = e.payment_id
        left join credit_notes c on c.tenant_id = e.tenant_id and c.id = e.credit_note_id
       where e.tenant_id = ${tenantId} and e.customer_id = ${customerId}
    ) x
    ${after}
    order by x.created_at desc, x.id desc
    limit ${page.limit + 1}`.execute(trx);
  return result.rows.map((r) => ({
    id: r.id,
    entryType: r.entry_type,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    effectiveOn: r.effective_on,
    createdAt: r.created_at,
    description: r.description,
    document: documentOf(r),
    receiptId: r.receipt_id,
    balanceAfterMinor: Number(r.balance_after),
    createdKey: r.created_key,
  }));
}

export interface NewRefund {
  customerId: string;
  source: { kind: CreditSourceKind; id: string };
  amountMinor: number;
  currency: string;
  method: PaymentMethod;
  reference: string;
  reason: string;
  refundedOn: string;
  actorLabel: string;
}

export async function insertRefund(trx: TenantTx, tenantId: string, refund: NewRefund): Promise<{ id: string }> {
  return trx
    .insertInto('refunds')
    .values({
      tenant_id: tenantId,
      customer_id: refund.customerId,
      payment_id: refund.source.kind === 'payment' ? refund.source.id : null,
      credit_note_id: refund.source.kind === 'credit_note' ? refund.source.id : null,
      credit_invoice_id: refund.source.kind === 'credit_invoice' ? refund.source.id : null,
      amount_minor: refund.amountMinor,
      currency: refund.currency,
      method: refund.method,
      reference: refund.reference,
      reason: refund.reason,
      refunded_on: refund.refundedOn,
      actor_label: refund.actorLabel,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function insertAdjustment(
  trx: TenantTx,
  tenantId: string,
  adjustment: { customerId: string; amountMinor: number; currency: string; reason: string; effectiveOn: string; actorLabel: string },
): Promise<{ id: string }> {
  return trx
    .insertInto('balance_adjustments')
    .values({
      tenant_id: tenantId,
      customer_id: adjustment.customerId,
      amount_minor: adjustment.amountMinor,
      currency: adjustment.currency,
      reason: adjustment.reason,
      effective_on: adjustment.effectiveOn,
      actor_label: adjustment.actorLabel,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export interface CreditSourceView {
  kind: CreditSourceKind;
  id: string;
  remainingMinor: number;
  /** Receipt number, credit-note number or invoice number, for people. */
  label: string;
}

/** Labels for listCreditSources' ids (one query per kind present). */
export async function labelCreditSources(trx: TenantTx, tenantId: string, sources: readonly { kind: CreditSourceKind; id: string; remainingMinor: number }[]): Promise<CreditSourceView[]> {
  const ids = (kind: CreditSourceKind) => sources.filter((s) => s.kind === kind).map((s) => s.id);
  const labels = new Map<string, string>();
  const payments = ids('payment');
  if (payments.length > 0) {
    const rows = await trx
      .selectFrom('payments as p')
      .leftJoin('receipts as r', (j) => j.onRef('r.tenant_id', '=', 'p.tenant_id').onRef('r.payment_id', '=', 'p.id'))
      .select(['p.id', 'p.method', 'p.received_on', 'r.number'])
      .where('p.tenant_id', '=', tenantId)
      .where('p.id', 'in', payments)
      .execute();
    for (const r of rows) labels.set(r.id, `${r.number ? `Payment ${r.number}` : 'Payment'} (${r.method.replace('_', ' ')}, ${r.received_on})`);
  }
  const notes = ids('credit_note');
  if (notes.length > 0) {
    const rows = await trx.selectFrom('credit_notes').select(['id', 'number']).where('tenant_id', '=', tenantId).where('id', 'in', notes).execute();
    for (const r of rows) labels.set(r.id, `Credit note ${r.number}`);
  }
  const invoices = ids('credit_invoice');
  if (invoices.length > 0) {
    const rows = await trx.selectFrom('invoices').select(['id', 'number']).where('tenant_id', '=', tenantId).where('id', 'in', invoices).execute();
    for (const r of rows) labels.set(r.id, `Credit on invoice ${r.number ?? r.id}`);
  }
  return sources.map((s) => ({ ...s, label: labels.get(s.id) ?? s.kind }));
}
