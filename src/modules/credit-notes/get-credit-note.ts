/** One credit note with its invoice's number and what is left of its credit. */
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findInvoiceById } from '../invoices/invoice-queries.ts';
import { creditNoteRemainingMinor, findCreditNote, type CreditNoteRow } from './credit-notes-repository.ts';

export interface CreditNoteDetail {
  creditNote: CreditNoteRow;
  invoiceNumber: string;
  /** Credit not yet allocated to an invoice or refunded. */
  remainingMinor: number;
}

export async function getCreditNote(ctx: TenantContext, input: { creditNoteId: string }): Promise<CreditNoteDetail> {
  assertCan(ctx.actor, 'billing.read');
  const creditNote = await findCreditNote(ctx.trx, ctx.tenantId, input.creditNoteId);
  if (!creditNote) throw notFound('Credit note');
  const invoice = await findInvoiceById(ctx.trx, ctx.tenantId, creditNote.invoice_id);
  return { creditNote, invoiceNumber: invoice?.number ?? '', remainingMinor: await creditNoteRemainingMinor(ctx.trx, ctx.tenantId, creditNote) };
}
