/** One invoice with everything its page and API show: lines, allocations, credit notes. */
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { creditedOnInvoiceMinor, creditNoteRemainingMinor, listCreditNotesOfInvoice, type CreditNoteRow } from '../credit-notes/credit-notes-repository.ts';
import { findInvoiceById, listAllocationsTouching, type AllocationView } from './invoice-queries.ts';
import { listInvoiceLines, type InvoiceLineRow, type InvoiceRow } from './invoices-repository.ts';

export interface InvoiceDetail {
  invoice: InvoiceRow;
  customer: { id: string; name: string; accountNumber: string };
  lines: InvoiceLineRow[];
  /** To this invoice (payments, credit notes, credit invoices) and, for a negative one, out of it. */
  allocations: AllocationView[];
  /** With the credit each still holds (not yet applied or refunded). */
  creditNotes: (CreditNoteRow & { remainingMinor: number })[];
  /** Net of reversals. */
  allocatedMinor: number;
  /** Total less allocations; zero once paid, the full total while a draft. */
  dueMinor: number;
  creditedMinor: number;
  /** What a credit note may still credit on it. */
  creditableMinor: number;
}

export async function getInvoice(ctx: TenantContext, input: { invoiceId: string }): Promise<InvoiceDetail> {
  assertCan(ctx.actor, 'billing.read');
  const invoice = await findInvoiceById(ctx.trx, ctx.tenantId, input.invoiceId);
  if (!invoice) throw notFound('Invoice');
  const customer = await ctx.trx
    .selectFrom('customers')
    .select(['id', 'display_name', 'account_number'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', invoice.customer_id)
    .executeTakeFirstOrThrow();
  const allocations = await listAllocationsTouching(ctx.trx, ctx.tenantId, invoice.id);
  const allocatedMinor = allocations.filter((a) => a.invoiceId === invoice.id).reduce((s, a) => s + a.amountMinor, 0);
  const creditedMinor = await creditedOnInvoiceMinor(ctx.trx, ctx.tenantId, invoice.id);
  const total = Number(invoice.total_minor);
  const creditNotes: InvoiceDetail['creditNotes'] = [];
  for (const c of await listCreditNotesOfInvoice(ctx.trx, ctx.tenantId, invoice.id)) {
    creditNotes.push({ ...c, remainingMinor: await creditNoteRemainingMinor(ctx.trx, ctx.tenantId, c) });
  }
  const creditable = ['open', 'partially_paid', 'paid'].includes(invoice.status) ? Math.max(0, total - creditedMinor) : 0;
  return {
    invoice,
    customer: { id: customer.id, name: customer.display_name, accountNumber: customer.account_number },
    lines: await listInvoiceLines(ctx.trx, ctx.tenantId, invoice.id),
    allocations,
    creditNotes,
    allocatedMinor,
    dueMinor: ['void', 'paid'].includes(invoice.status) ? 0 : Math.max(0, total - allocatedMinor),
    creditedMinor,
    creditableMinor: creditable,
  };
}
