/**
 * Staff finalize a draft: it takes the next gapless invoice number, the customer's details
 * as they are now, today's date and a due date, enters the ledger and is paid from any
 * credit the customer has (all in finalize-draft.ts, shared with every other issuer).
 */
import { notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { finalizeDraft } from './finalize-draft.ts';
import { findInvoiceById } from './invoice-queries.ts';

export async function finalizeInvoice(ctx: TenantContext, input: { invoiceId: string }): Promise<{ invoiceId: string; number: string }> {
  assertCan(ctx.actor, 'billing.manage');
  if (!(await findInvoiceById(ctx.trx, ctx.tenantId, input.invoiceId))) throw notFound('Invoice');
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  // Throws 409 invoice_not_draft when someone finalized it first (checked under the lock).
  const { number } = await finalizeDraft(ctx, input.invoiceId, settings);
  const after = await findInvoiceById(ctx.trx, ctx.tenantId, input.invoiceId);
  await recordAuditEvent(ctx, {
    action: 'invoice.finalized',
    entityType: 'invoice',
    entityId: input.invoiceId,
    before: { status: 'draft' },
    after: { status: after?.status, number, totalMinor: after?.total_minor, issuedOn: after?.issued_on, dueOn: after?.due_on },
  });
  return { invoiceId: input.invoiceId, number };
}
