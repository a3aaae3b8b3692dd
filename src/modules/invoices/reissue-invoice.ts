/**
 * Void and reissue: the invoice is voided (void-invoice.ts, with its reason) and a new draft
 * copies its kind, service, period, memo and lines exactly as they were priced, for staff to
 * correct and finalize. The draft takes over the service period the void one freed.
 */
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { TenantContext } from '../context.ts';
import { findInvoiceById } from './invoice-queries.ts';
import { insertDraftInvoice, listInvoiceLines } from './invoices-repository.ts';
import type { PricedLine } from './price-line.ts';
import { voidInvoice, type VoidInvoiceResult } from './void-invoice.ts';

export async function reissueInvoice(ctx: TenantContext, input: { invoiceId: string; reason?: string | undefined }): Promise<VoidInvoiceResult & { draftId: string }> {
  const voided = await voidInvoice(ctx, input);
  const old = await findInvoiceById(ctx.trx, ctx.tenantId, voided.invoiceId);
  if (!old) throw new Error('voided invoice vanished');
  const lines: PricedLine[] = (await listInvoiceLines(ctx.trx, ctx.tenantId, old.id)).map((l) => ({
    kind: l.kind,
    description: l.description,
    service_id: l.service_id,
    period_start: l.period_start,
    period_end: l.period_end,
    quantity: l.quantity,
    unit_price_minor: l.unit_price_minor,
    amount_minor: l.amount_minor,
    tax_class: l.tax_class,
    tax_name: l.tax_name,
    tax_rate_ppm: l.tax_rate_ppm,
    tax_inclusive: l.tax_inclusive,
    net_minor: l.net_minor,
    tax_minor: l.tax_minor,
    total_minor: l.total_minor,
  }));
  const draftId = await insertDraftInvoice(
    ctx.trx,
    ctx.tenantId,
    {
      customerId: old.customer_id,
      kind: old.kind,
      serviceId: old.service_id,
      currency: old.currency,
      periodStart: old.period_start,
      periodEnd: old.period_end,
      memo: old.memo,
      createdByLabel: ctx.actor.label,
    },
    lines,
  );
  await recordAuditEvent(ctx, { action: 'invoice.reissued', entityType: 'invoice', entityId: draftId, after: { reissueOf: old.id, reissueOfNumber: old.number, lines: lines.length } });
  return { ...voided, draftId };
}
