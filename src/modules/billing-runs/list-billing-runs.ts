/** The billing-run history: when each run was, who started it, what it made. */
import { assertCan, type TenantContext } from '../context.ts';
import { listBillingRuns, type BillingRunRow } from './billing-runs-repository.ts';

export async function listRecentBillingRuns(ctx: TenantContext, input: { limit?: number }): Promise<BillingRunRow[]> {
  assertCan(ctx.actor, 'billing.read');
  return listBillingRuns(ctx.trx, ctx.tenantId, Math.min(Math.max(input.limit ?? 50, 1), 200));
}
