/**
 * A customer's statement of account for a date range: the balance before it, every ledger
 * entry in it with the balance after each, and the balance at its end. Dates are calendar
 * dates in the tenant's zone, both ends included; by default the month so far.
 */
import type { LedgerEntryType } from '../../db/schema.ts';
import { notFound } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { calendarDateIn, parseCalendarDate } from '../../lib/zoned-time.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findCustomer } from '../customers/customers-repository.ts';
import { balanceBefore, listEntriesBetween, type StatementEntryRow } from './statement-repository.ts';

export interface StatementInput {
  customerId: string;
  /** YYYY-MM-DD; default the first of the current month (tenant zone). */
  from?: string | undefined;
  /** YYYY-MM-DD; default today (tenant zone). */
  to?: string | undefined;
}

export type StatementDocumentType = 'invoice' | 'receipt' | 'payment' | 'credit_note' | 'refund' | 'adjustment';

export interface StatementEntry {
  id: string;
  effectiveOn: string;
  entryType: LedgerEntryType;
  /** Positive: the customer owes more. */
  amountMinor: number;
  /** The balance after this entry. */
  balanceMinor: number;
  description: string;
  documentType: StatementDocumentType;
  documentId: string;
  /** Invoice, receipt or credit note number; null for refunds, adjustments and payments without a receipt. */
  documentNumber: string | null;
}

export interface Statement {
  customer: { id: string; name: string; accountNumber: string; address: string; email: string | null; phone: string };
  currency: string;
  from: string;
  to: string;
  openingBalanceMinor: number;
  entries: StatementEntry[];
  closingBalanceMinor: number;
}

const ENTRY_LABELS: Record<LedgerEntryType, string> = {
  invoice: 'Invoice',
  invoice_void: 'Invoice voided',
  payment: 'Payment',
  payment_void: 'Payment voided',
  credit_note: 'Credit note',
  refund: 'Refund',
  adjustment: 'Balance adjustment',
};

/** The document an entry points at: the ledger row names exactly one (a check constraint says so). */
function documentOf(row: StatementEntryRow): { documentType: StatementDocumentType; documentId: string; documentNumber: string | null } {
  if (row.invoice_id) return { documentType: 'invoice', documentId: row.invoice_id, documentNumber: row.invoice_number };
  if (row.payment_id) {
    return row.receipt_id
      ? { documentType: 'receipt', documentId: row.receipt_id, documentNumber: row.receipt_number }
      : { documentType: 'payment', documentId: row.payment_id, documentNumber: null };
  }
  if (row.credit_note_id) return { documentType: 'credit_note', documentId: row.credit_note_id, documentNumber: row.credit_note_number };
  if (row.refund_id) return { documentType: 'refund', documentId: row.refund_id, documentNumber: null };
  return { documentType: 'adjustment', documentId: row.adjustment_id ?? '', documentNumber: null };
}

function describe(row: StatementEntryRow): string {
  if (row.description.trim() !== '') return row.description;
  const extra = row.adjustment_reason ?? (row.refund_reference ? `ref. ${row.refund_reference}` : '');
  return extra ? `${ENTRY_LABELS[row.entry_type]}: ${extra}` : ENTRY_LABELS[row.entry_type];
}

/** Checks and completes the range; a bad date or a reversed range is a 422 naming the field. */
export function statementRange(input: { from?: string | undefined; to?: string | undefined }, today: string): { from: string; to: string } {
  const problems = new Problems();
  const from = input.from?.trim() || `${today.slice(0, 8)}01`;
  const to = input.to?.trim() || today;
  if (!parseCalendarDate(from)) problems.add('from', 'date', 'From must be a real date written YYYY-MM-DD');
  if (!parseCalendarDate(to)) problems.add('to', 'date', 'To must be a real date written YYYY-MM-DD');
  problems.throwIfAny();
  if (from > to) problems.add('from', 'before_to', 'From must be on or before To');
  problems.throwIfAny();
  return { from, to };
}

export async function getStatement(ctx: TenantContext, input: StatementInput): Promise<Statement> {
  assertCan(ctx.actor, 'billing.read');
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const customer = await findCustomer(ctx.trx, ctx.tenantId, input.customerId);
  if (!customer) throw notFound('Customer');
  const { from, to } = statementRange(input, calendarDateIn(ctx.now(), settings.timeZone));
  const opening = await balanceBefore(ctx.trx, ctx.tenantId, customer.id, from);
  const rows = await listEntriesBetween(ctx.trx, ctx.tenantId, customer.id, from, to);
  let balance = opening;
  const entries = rows.map((row): StatementEntry => {
    balance += row.amount_minor;
    return { id: row.id, effectiveOn: row.effective_on, entryType: row.entry_type, amountMinor: row.amount_minor, balanceMinor: balance, description: describe(row), ...documentOf(row) };
  });
  return {
    customer: { id: customer.id, name: customer.displayName, accountNumber: customer.accountNumber, address: customer.serviceAddress, email: customer.email, phone: customer.phone },
    // The tenant bills in one currency; every entry is in it.
    currency: settings.currency,
    from,
    to,
    openingBalanceMinor: opening,
    entries,
    closingBalanceMinor: balance,
  };
}
