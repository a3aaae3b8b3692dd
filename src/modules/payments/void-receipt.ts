/**
 * Voiding a receipt (a payment taken by mistake, a bounced cheque). The receipt keeps its
 * number and stays listed, marked void with the reason. In one transaction, under the
 * customer lock:
 *  - the receipt's and the payment's void fields are set (the only change their triggers
 *    allow, and only once);
 *  - every live allocation of the payment is undone by a negative row naming it, and the
 *    invoices it paid are open again (or paid by other credit the customer still has);
 *  - the ledger gets payment_void for plus the amount.
 *
 * Refused (409) while the payment's prepaid time still stands: the invoice for that time
 * must be voided first (which frees the payment's money as credit). Moving paid-until back
 * here could take away time a later top-up stacked on top, so this never guesses; voiding
 * the prepaid invoice leaves paid-until to the staff member who voids it. Also refused when
 * money was refunded out of the payment: the refund already gave that part back.
 */
import { AppError, notFound } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { refundedFromSource } from '../billing/account-repository.ts';
import { applyCredit, insertReversals, refreshInvoiceStatus } from '../billing/allocate.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { lockCustomerAccount } from '../billing/customer-account.ts';
import { appendLedgerEntry } from '../billing/ledger-repository.ts';
import { assertCan, type TenantContext } from '../context.ts';
import {
  findReceipt,
  listPaymentAllocations,
  lockPaymentRow,
  setPaymentVoid,
  setReceiptVoid,
  type ReceiptView,
} from './payments-repository.ts';

export interface VoidReceiptResult {
  receipt: ReceiptView;
  /** What went back from invoices to nothing (the payment no longer counts). */
  reversedMinor: number;
}

export async function voidReceipt(ctx: TenantContext, input: { receiptId: string; reason?: string | undefined }): Promise<VoidReceiptResult> {
  assertCan(ctx.actor, 'billing.manage');
  const found = await findReceipt(ctx.trx, ctx.tenantId, input.receiptId);
  if (!found) throw notFound('Receipt');
  const problems = new Problems();
  const reason = (input.reason ?? '').trim();
  if (reason === '') problems.add('reason', 'required', 'Say why this receipt is voided');
  else if (reason.length > 500) problems.add('reason', 'max_length', 'Reason must be at most 500 characters');
  problems.throwIfAny();

  await lockCustomerAccount(ctx.trx, ctx.tenantId, found.customerId);
  const payment = await lockPaymentRow(ctx.trx, ctx.tenantId, found.paymentId);
  if (!payment) throw notFound('Payment');
  // Re-read under the lock: another clerk may have voided it a moment ago.
  const receipt = await findReceipt(ctx.trx, ctx.tenantId, found.id);
  if (!receipt || receipt.voidedAt !== null || payment.status === 'void') throw new AppError(409, 'receipt_already_void', `Receipt ${found.number} is already void`);
  await refusePrepaidTime(ctx, receipt, payment.service_id);
  if ((await refundedFromSource(ctx.trx, ctx.tenantId, { kind: 'payment', id: payment.id })) > 0) {
    throw new AppError(409, 'payment_refunded', 'Part of this payment was refunded to the customer, so its receipt cannot be voided.');
  }

  const live = (await listPaymentAllocations(ctx.trx, ctx.tenantId, payment.id)).filter((a) => !a.reversed);
  await insertReversals(
    ctx.trx,
    ctx.tenantId,
    live.map((a) => ({ ...a, sourceKind: 'payment' as const, sourceId: payment.id })),
    ctx.actor.label,
  );
  const now = ctx.now();
  const voided = { at: now, reason, byLabel: ctx.actor.label };
  await setReceiptVoid(ctx.trx, ctx.tenantId, receipt.id, voided);
  await setPaymentVoid(ctx.trx, ctx.tenantId, payment.id, voided);
  for (const invoiceId of new Set(live.map((a) => a.invoiceId))) await refreshInvoiceStatus(ctx.trx, ctx.tenantId, invoiceId);

  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const amountMinor = Number(payment.amount_minor);
  await appendLedgerEntry(ctx.trx, ctx.tenantId, {
    customerId: receipt.customerId,
    entryType: 'payment_void',
    amountMinor,
    currency: receipt.currency,
    effectiveOn: calendarDateIn(now, settings.timeZone),
    description: `Receipt ${receipt.number} voided: ${reason}`,
    paymentId: payment.id,
  });
  // Invoices open again are paid by any other credit the customer has, as they would have been.
  await applyCredit(ctx.trx, ctx.tenantId, receipt.customerId, { actorLabel: ctx.actor.label });

  const reversedMinor = live.reduce((sum, a) => sum + a.amountMinor, 0);
  await recordAuditEvent(ctx, {
    action: 'receipt.voided',
    entityType: 'receipt',
    entityId: receipt.id,
    before: { number: receipt.number, paymentId: payment.id, amountMinor, status: 'posted' },
    after: { number: receipt.number, status: 'void', reason, reversedMinor, invoices: live.map((a) => a.invoiceNumber) },
  });
  const after = await findReceipt(ctx.trx, ctx.tenantId, receipt.id);
  if (!after) throw notFound('Receipt');
  return { receipt: after, reversedMinor };
}

/** The prepaid invoice for the time this payment bought, while it is not void, blocks the void. */
async function refusePrepaidTime(ctx: TenantContext, receipt: ReceiptView, serviceId: string | null): Promise<void> {
  const bought = receipt.content.prepaid;
  if (!bought || !serviceId) return;
  const invoice = await ctx.trx
    .selectFrom('invoices')
    .select(['number'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('service_id', '=', serviceId)
    .where('kind', '=', 'prepaid')
    .where('period_start', '=', bought.from)
    .where('status', '<>', 'void')
    .executeTakeFirst();
  if (invoice) {
    throw new AppError(
      409,
      'prepaid_time_bought',
      `This payment bought prepaid time (${bought.from} to ${bought.until}, invoice ${invoice.number ?? ''}). Void that invoice first; its money then stays as credit and this receipt can be voided.`,
    );
  }
}
