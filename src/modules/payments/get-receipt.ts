/** One receipt as it was issued (its content is stored, never recomputed), with its payment. */
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findPayment, findReceipt, type PaymentView, type ReceiptView } from './payments-repository.ts';

export async function getReceipt(ctx: TenantContext, input: { receiptId: string }): Promise<{ receipt: ReceiptView; payment: PaymentView }> {
  assertCan(ctx.actor, 'billing.read');
  const receipt = await findReceipt(ctx.trx, ctx.tenantId, input.receiptId);
  if (!receipt) throw notFound('Receipt');
  const payment = await findPayment(ctx.trx, ctx.tenantId, receipt.paymentId);
  if (!payment) throw notFound('Payment');
  return { receipt, payment };
}
