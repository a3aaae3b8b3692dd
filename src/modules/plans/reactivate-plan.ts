/** Offers a retired plan for new services again. */
import { notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findPlan, type PlanView } from './plans-repository.ts';

export async function reactivatePlan(ctx: TenantContext, input: { planId: string }): Promise<PlanView> {
  assertCan(ctx.actor, 'plans.manage');
  const before = await findPlan(ctx.trx, ctx.tenantId, input.planId, { forUpdate: true });
  if (!before) throw notFound('Plan');
  if (before.active) return before;
  await ctx.trx.updateTable('service_plans').set({ active: true, retired_at: null, updated_at: ctx.now() }).where('tenant_id', '=', ctx.tenantId).where('id', '=', before.id).execute();
  await recordAuditEvent(ctx, {
    action: 'plan.reactivated',
    entityType: 'service_plan',
    entityId: before.id,
    before: { active: false, retiredAt: before.retiredAt?.toISOString() ?? null },
    after: { active: true },
  });
  const after = await findPlan(ctx.trx, ctx.tenantId, before.id);
  if (!after) throw new Error('plan vanished after update');
  return after;
}
