/**
 * A line removed from a draft. A line that came from a pending charge gives the charge
 * back (pending again, for the next invoice). Lines carry no charge id, so the charge is
 * matched by what it was invoiced as: a charge is released only when fewer lines with its
 * kind, description, quantity, price and service are left on the draft than charges with
 * them, so an identical typed line can never leave a charge billed twice or not at all.
 */
import { notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { lineSignature } from './charge-lines.ts';
import { listCharges, releaseCharges } from './charges-repository.ts';
import { lockDraft } from './draft-invoice.ts';
import { deleteInvoiceLine } from './invoice-queries.ts';
import { listInvoiceLines, resumDraftTotals } from './invoices-repository.ts';

export async function removeInvoiceLine(ctx: TenantContext, input: { invoiceId: string; lineId: string }): Promise<{ releasedChargeIds: string[] }> {
  assertCan(ctx.actor, 'billing.manage');
  const draft = await lockDraft(ctx, input.invoiceId);
  const line = (await listInvoiceLines(ctx.trx, ctx.tenantId, draft.id)).find((l) => l.id === input.lineId);
  if (!line || !(await deleteInvoiceLine(ctx.trx, ctx.tenantId, draft.id, line.id))) throw notFound('Invoice line');

  const signature = lineSignature(line);
  const linesLeft = (await listInvoiceLines(ctx.trx, ctx.tenantId, draft.id)).filter((l) => lineSignature(l) === signature).length;
  const charges = (await listCharges(ctx.trx, ctx.tenantId, { invoiceId: draft.id, status: 'invoiced' }, 1000)).filter((c) => lineSignature(c) === signature);
  const released = charges.slice(linesLeft).map((c) => c.id);
  await releaseCharges(ctx.trx, ctx.tenantId, released);
  await resumDraftTotals(ctx.trx, ctx.tenantId, draft.id);
  await recordAuditEvent(ctx, {
    action: 'invoice.line_removed',
    entityType: 'invoice',
    entityId: draft.id,
    before: { lineId: line.id, kind: line.kind, description: line.description, quantity: line.quantity, unitPriceMinor: line.unit_price_minor, totalMinor: line.total_minor },
    after: { releasedChargeIds: released },
  });
  return { releasedChargeIds: released };
}
