/** A credit note as issued, with the customer frozen on it and where its credit went. */
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findCreditNote, listCreditNoteUses, loadLetterhead } from './documents-repository.ts';
import type { CreditNoteDocument } from './render-credit-note-pdf.ts';

export async function loadCreditNoteDocument(ctx: TenantContext, input: { creditNoteId: string }): Promise<CreditNoteDocument> {
  assertCan(ctx.actor, 'billing.read');
  const note = await findCreditNote(ctx.trx, ctx.tenantId, input.creditNoteId);
  if (!note) throw notFound('Credit note');
  const { letterhead } = await loadLetterhead(ctx.trx, ctx.tenantId);
  return {
    letterhead,
    number: note.number,
    kind: note.kind,
    currency: note.currency,
    issuedOn: note.issued_on,
    customer: note.customer_snapshot,
    invoiceNumber: note.invoice_number ?? '',
    invoiceIssuedOn: note.invoice_issued_on ?? note.issued_on,
    reason: note.reason,
    subtotalMinor: note.subtotal_minor,
    taxMinor: note.tax_minor,
    totalMinor: note.total_minor,
    applied: await listCreditNoteUses(ctx.trx, ctx.tenantId, note.id),
  };
}
