/**
 * Voiding a finalized invoice (it keeps its number and stays visible, marked void with the
 * reason). In one transaction, under the customer lock:
 *  - every live allocation to it is reversed with a negative row: the payment or credit
 *    that paid it becomes credit on the account again (applied to the next invoice, or
 *    refunded); for an invoice with a negative total, the allocations out of its credit
 *    are reversed and the invoices it paid are open again;
 *  - the ledger gets invoice_void for minus its total;
 *  - an invoice for a service period frees that period (the unique index ignores void
 *    invoices), so it can be reissued. Nothing else moves: the service's billed-until date
 *    and any prepaid time stay as they are; the page says so.
 * Refused once credit notes exist on it (the credit notes would credit an invoice that no
 * longer counts: correct it with another credit note instead), or when credit out of it was
 * refunded.
 */
import { AppError, notFound } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { refundedFromSource } from '../billing/account-repository.ts';
import { insertReversals, refreshInvoiceStatus } from '../billing/allocate.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { lockCustomerAccount } from '../billing/customer-account.ts';
import { appendLedgerEntry } from '../billing/ledger-repository.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { creditedOnInvoiceMinor } from '../credit-notes/credit-notes-repository.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { readRequiredText } from './billing-input.ts';
import { findInvoiceById, listAllocationsTouching, lockInvoice, setInvoiceVoid } from './invoice-queries.ts';
import type { InvoiceStatus } from '../../db/schema.ts';

export const VOIDABLE: readonly InvoiceStatus[] = ['open', 'partially_paid', 'paid', 'uncollectible'];

export interface VoidInvoiceResult {
  invoiceId: string;
  number: string;
  /** Allocations reversed: their credit is back on the account. */
  reversedMinor: number;
}

export async function voidInvoice(ctx: TenantContext, input: { invoiceId: string; reason?: string | undefined }): Promise<VoidInvoiceResult> {
  assertCan(ctx.actor, 'billing.manage');
  const problems = new Problems();
  const reason = readRequiredText(problems, 'reason', 'Reason', input.reason, 500);
  const found = await findInvoiceById(ctx.trx, ctx.tenantId, input.invoiceId);
  if (!found) throw notFound('Invoice');
  problems.throwIfAny();

  await lockCustomerAccount(ctx.trx, ctx.tenantId, found.customer_id);
  const invoice = await lockInvoice(ctx.trx, ctx.tenantId, found.id);
  if (!invoice) throw notFound('Invoice');
  if (!VOIDABLE.includes(invoice.status)) {
    const why = invoice.status === 'draft' ? 'a draft has no number yet; remove its lines or finalize it' : 'it is already void';
    throw new AppError(409, 'invoice_not_voidable', `This invoice cannot be voided: ${why}.`);
  }
  if ((await creditedOnInvoiceMinor(ctx.trx, ctx.tenantId, invoice.id)) > 0) {
    throw new AppError(409, 'invoice_has_credit_notes', 'This invoice has credit notes; correct the rest of it with another credit note instead of voiding it.');
  }
  if ((await refundedFromSource(ctx.trx, ctx.tenantId, { kind: 'credit_invoice', id: invoice.id })) > 0) {
    throw new AppError(409, 'invoice_credit_refunded', 'Credit from this invoice was refunded to the customer, so it cannot be voided.');
  }

  const live = (await listAllocationsTouching(ctx.trx, ctx.tenantId, invoice.id)).filter((a) => a.amountMinor > 0 && !a.reversed);
  await insertReversals(ctx.trx, ctx.tenantId, live, ctx.actor.label);
  const now = ctx.now();
  await setInvoiceVoid(ctx.trx, ctx.tenantId, invoice.id, reason, now);
  // Invoices that this (negative) invoice's credit had paid are due again.
  for (const paidByIt of new Set(live.filter((a) => a.invoiceId !== invoice.id).map((a) => a.invoiceId))) {
    await refreshInvoiceStatus(ctx.trx, ctx.tenantId, paidByIt);
  }
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const number = invoice.number ?? '';
  await appendLedgerEntry(ctx.trx, ctx.tenantId, {
    customerId: invoice.customer_id,
    entryType: 'invoice_void',
    amountMinor: -Number(invoice.total_minor),
    currency: invoice.currency,
    effectiveOn: calendarDateIn(now, settings.timeZone),
    description: `Invoice ${number} voided: ${reason}`,
    invoiceId: invoice.id,
  });
  const reversedMinor = live.reduce((s, a) => s + a.amountMinor, 0);
  await recordAuditEvent(ctx, {
    action: 'invoice.voided',
    entityType: 'invoice',
    entityId: invoice.id,
    before: { status: invoice.status },
    after: { status: 'void', reason, reversedAllocations: live.map((a) => ({ id: a.id, amountMinor: a.amountMinor, source: a.sourceKind, sourceId: a.sourceId })) },
  });
  return { invoiceId: invoice.id, number, reversedMinor };
}
