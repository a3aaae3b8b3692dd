/**
 * Staff give up on collecting an open invoice. The customer still owes it (the ledger does
 * not move: a write-off agreed with the customer is a credit note or a balance adjustment),
 * but credit is no longer applied to it and it drops out of the open invoices. It can still
 * be voided.
 */
import { AppError, notFound } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { lockCustomerAccount } from '../billing/customer-account.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { readOptionalText } from './billing-input.ts';
import { findInvoiceById, lockInvoice, setInvoiceUncollectible } from './invoice-queries.ts';

export async function markInvoiceUncollectible(ctx: TenantContext, input: { invoiceId: string; reason?: string | undefined }): Promise<{ invoiceId: string }> {
  assertCan(ctx.actor, 'billing.manage');
  const problems = new Problems();
  const reason = readOptionalText(problems, 'reason', 'Reason', input.reason, 500);
  const found = await findInvoiceById(ctx.trx, ctx.tenantId, input.invoiceId);
  if (!found) throw notFound('Invoice');
  problems.throwIfAny();
  await lockCustomerAccount(ctx.trx, ctx.tenantId, found.customer_id);
  const invoice = await lockInvoice(ctx.trx, ctx.tenantId, found.id);
  if (!invoice) throw notFound('Invoice');
  if (invoice.status !== 'open' && invoice.status !== 'partially_paid') {
    throw new AppError(409, 'invoice_not_collectible', `Only an open or partly paid invoice can be marked uncollectible; this one is ${invoice.status.replace('_', ' ')}.`);
  }
  await setInvoiceUncollectible(ctx.trx, ctx.tenantId, invoice.id, ctx.now());
  await recordAuditEvent(ctx, { action: 'invoice.uncollectible', entityType: 'invoice', entityId: invoice.id, before: { status: invoice.status }, after: { status: 'uncollectible', reason } });
  return { invoiceId: invoice.id };
}
