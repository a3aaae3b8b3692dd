/** Payments newest first, searchable by reference (any part, any case) and by customer. */
import { assertCan, type TenantContext } from '../context.ts';
import { listPayments as queryPayments, type PaymentFilter, type PaymentView } from './payments-repository.ts';

export async function listPayments(ctx: TenantContext, filter: PaymentFilter): Promise<{ items: PaymentView[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'billing.read');
  return queryPayments(ctx.trx, ctx.tenantId, { ...filter, reference: filter.reference?.trim() || undefined });
}
