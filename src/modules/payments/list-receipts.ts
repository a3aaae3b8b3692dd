/** Receipts newest first; voided ones stay listed, marked void. */
import { assertCan, type TenantContext } from '../context.ts';
import { listReceipts as queryReceipts, type ReceiptView } from './payments-repository.ts';

export async function listReceipts(
  ctx: TenantContext,
  filter: { customerId?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: ReceiptView[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'billing.read');
  return queryReceipts(ctx.trx, ctx.tenantId, filter);
}
