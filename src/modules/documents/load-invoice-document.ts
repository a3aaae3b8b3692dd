/**
 * An issued invoice and everything its PDF prints: the lines with the tax each was priced
 * with, the customer as frozen at issue (never re-read), and what has paid it. A draft has
 * no number and no frozen customer yet, so it has no PDF.
 */
import { isUuid } from '../../db/tenancy.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findInvoice, listInvoiceLines } from '../invoices/invoices-repository.ts';
import { listInvoiceCredits, loadLetterhead } from './documents-repository.ts';
import type { InvoiceDocument } from './render-invoice-pdf.ts';

export async function loadInvoiceDocument(ctx: TenantContext, input: { invoiceId: string }): Promise<InvoiceDocument> {
  assertCan(ctx.actor, 'billing.read');
  const invoice = isUuid(input.invoiceId) ? await findInvoice(ctx.trx, ctx.tenantId, input.invoiceId) : undefined;
  if (!invoice) throw notFound('Invoice');
  if (invoice.status === 'draft' || !invoice.number || !invoice.issued_on || !invoice.due_on || !invoice.customer_snapshot) {
    throw conflict('invoice_is_draft', 'A draft invoice has no PDF until it is finalized');
  }
  const { letterhead, settings } = await loadLetterhead(ctx.trx, ctx.tenantId);
  const lines = await listInvoiceLines(ctx.trx, ctx.tenantId, invoice.id);
  const applied = await listInvoiceCredits(ctx.trx, ctx.tenantId, invoice.id);
  return {
    letterhead,
    number: invoice.number,
    kind: invoice.kind,
    status: invoice.status,
    currency: invoice.currency,
    issuedOn: invoice.issued_on,
    dueOn: invoice.due_on,
    periodStart: invoice.period_start,
    periodEnd: invoice.period_end,
    customer: invoice.customer_snapshot,
    lines: lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitPriceMinor: l.unit_price_minor,
      amountMinor: l.amount_minor,
      periodStart: l.period_start,
      periodEnd: l.period_end,
      taxName: l.tax_name,
      taxRatePpm: l.tax_rate_ppm,
      taxInclusive: l.tax_inclusive,
      netMinor: l.net_minor,
      taxMinor: l.tax_minor,
    })),
    subtotalMinor: invoice.subtotal_minor,
    taxMinor: invoice.tax_minor,
    totalMinor: invoice.total_minor,
    applied,
    memo: invoice.memo,
    void: invoice.voided_at && invoice.void_reason ? { on: calendarDateIn(invoice.voided_at, settings.timeZone), reason: invoice.void_reason } : null,
  };
}
