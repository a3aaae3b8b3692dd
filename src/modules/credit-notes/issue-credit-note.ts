/**
 * A credit note against a finalized invoice: a typed gross amount and a reason. It may never
 * credit more than is left on the invoice (its total less earlier credit notes). Tax is
 * credited in the invoice's proportion (credit-note-tax.ts). In one transaction, under the
 * customer lock: a gapless credit-note number, the customer's details frozen, the ledger
 * entry (minus the amount), and the credit applied to that invoice first while it is still
 * due; what is left stays on the account as credit, for the next invoice or a refund.
 */
import { AppError, notFound } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { minorToMajorText } from '../../lib/money.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { applyCredit } from '../billing/allocate.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { lockCustomerAccount, snapshotCustomer } from '../billing/customer-account.ts';
import { takeDocumentNumber } from '../billing/document-numbers.ts';
import { appendLedgerEntry } from '../billing/ledger-repository.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { readAmount, readRequiredText } from '../invoices/billing-input.ts';
import { findInvoiceById, lockInvoice } from '../invoices/invoice-queries.ts';
import { creditNoteAmounts } from './credit-note-tax.ts';
import { creditedOnInvoiceMinor, insertCreditNote, type CreditNoteRow } from './credit-notes-repository.ts';

export interface IssueCreditNoteInput {
  invoiceId: string;
  /** Gross, in major units of the invoice currency ("250.00"). */
  amount?: string | undefined;
  reason?: string | undefined;
}

export async function issueCreditNote(ctx: TenantContext, input: IssueCreditNoteInput): Promise<{ creditNote: CreditNoteRow; appliedToInvoiceMinor: number }> {
  assertCan(ctx.actor, 'billing.manage');
  const found = await findInvoiceById(ctx.trx, ctx.tenantId, input.invoiceId);
  if (!found) throw notFound('Invoice');
  const problems = new Problems();
  const amount = readAmount(problems, 'amount', 'Amount', input.amount, found.currency, { positive: true });
  const reason = readRequiredText(problems, 'reason', 'Reason', input.reason, 500);
  problems.throwIfAny();
  if (amount === undefined) throw new Error('unreachable: checked above');

  await lockCustomerAccount(ctx.trx, ctx.tenantId, found.customer_id);
  const invoice = await lockInvoice(ctx.trx, ctx.tenantId, found.id);
  if (!invoice) throw notFound('Invoice');
  const total = Number(invoice.total_minor);
  if (!['open', 'partially_paid', 'paid'].includes(invoice.status) || total <= 0) {
    throw new AppError(409, 'invoice_not_creditable', `Only a finalized invoice that is open, partly paid or paid can be credited; this one is ${invoice.status.replace('_', ' ')}.`);
  }
  const remaining = total - (await creditedOnInvoiceMinor(ctx.trx, ctx.tenantId, invoice.id));
  if (amount > remaining) {
    const left = minorToMajorText(Math.max(0, remaining), invoice.currency);
    throw new AppError(422, 'validation_failed', `At most ${left} can still be credited on this invoice`, [{ field: 'amount', rule: 'max', message: `At most ${left} can still be credited on this invoice` }]);
  }

  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const now = ctx.now();
  const today = calendarDateIn(now, settings.timeZone);
  const amounts = creditNoteAmounts(amount, { taxMinor: Number(invoice.tax_minor), totalMinor: total });
  const { seq, number } = await takeDocumentNumber(ctx.trx, ctx.tenantId, 'credit_note', settings);
  const creditNote = await insertCreditNote(ctx.trx, ctx.tenantId, {
    invoiceId: invoice.id,
    customerId: invoice.customer_id,
    seq,
    number,
    currency: invoice.currency,
    ...amounts,
    reason,
    issuedOn: today,
    issuedAt: now,
    issuedByLabel: ctx.actor.label,
    customerSnapshot: await snapshotCustomer(ctx.trx, ctx.tenantId, invoice.customer_id),
  });
  await appendLedgerEntry(ctx.trx, ctx.tenantId, {
    customerId: invoice.customer_id,
    entryType: 'credit_note',
    amountMinor: -amounts.totalMinor,
    currency: invoice.currency,
    effectiveOn: today,
    description: `Credit note ${number} on invoice ${invoice.number ?? ''}: ${reason}`,
    creditNoteId: creditNote.id,
  });
  const stillDue = invoice.status === 'open' || invoice.status === 'partially_paid';
  const made = stillDue ? await applyCredit(ctx.trx, ctx.tenantId, invoice.customer_id, { actorLabel: ctx.actor.label, onlySources: [creditNote.id], invoiceOrder: [invoice.id] }) : [];
  const appliedToInvoiceMinor = made.reduce((s, a) => s + a.amountMinor, 0);
  await recordAuditEvent(ctx, {
    action: 'credit_note.issued',
    entityType: 'credit_note',
    entityId: creditNote.id,
    after: { number, invoiceId: invoice.id, invoiceNumber: invoice.number, ...amounts, reason, appliedToInvoiceMinor },
  });
  return { creditNote, appliedToInvoiceMinor };
}
