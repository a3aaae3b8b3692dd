/** One payment with its receipt and what it paid (reversed allocations marked, never hidden). */
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findPayment, findReceiptOfPayment, listPaymentAllocations, type PaymentAllocation, type PaymentView, type ReceiptView } from './payments-repository.ts';

export interface PaymentDetail {
  payment: PaymentView;
  receipt: ReceiptView;
  allocations: PaymentAllocation[];
}

export async function getPayment(ctx: TenantContext, input: { paymentId: string }): Promise<PaymentDetail> {
  assertCan(ctx.actor, 'billing.read');
  const payment = await findPayment(ctx.trx, ctx.tenantId, input.paymentId);
  if (!payment) throw notFound('Payment');
  const receipt = await findReceiptOfPayment(ctx.trx, ctx.tenantId, payment.id);
  if (!receipt) throw notFound('Receipt');
  return { payment, receipt, allocations: await listPaymentAllocations(ctx.trx, ctx.tenantId, payment.id) };
}
