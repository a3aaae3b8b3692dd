/** What every change to a draft shares: the invoice locked, and refused unless still a draft. */
import { AppError, notFound } from '../../lib/errors.ts';
import type { TenantContext } from '../context.ts';
import { lockInvoice } from './invoice-queries.ts';
import type { InvoiceRow } from './invoices-repository.ts';

export async function lockDraft(ctx: TenantContext, invoiceId: string): Promise<InvoiceRow> {
  const invoice = await lockInvoice(ctx.trx, ctx.tenantId, invoiceId);
  if (!invoice) throw notFound('Invoice');
  if (invoice.status !== 'draft') {
    throw new AppError(409, 'invoice_not_draft', `Invoice ${invoice.number ?? invoice.id} is finalized and cannot change; issue a credit note, or void and reissue it.`);
  }
  return invoice;
}
