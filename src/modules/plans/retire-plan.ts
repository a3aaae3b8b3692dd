/**
 * Retires a plan: services already on it keep it (and keep being billed for it), but it is
 * no longer offered for new services (listPlanOptions leaves it out). Reversible.
 */
import { notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findPlan, type PlanView } from './plans-repository.ts';

export async function retirePlan(ctx: TenantContext, input: { planId: string }): Promise<PlanView> {
  assertCan(ctx.actor, 'plans.manage');
  const before = await findPlan(ctx.trx, ctx.tenantId, input.planId, { forUpdate: true });
  if (!before) throw notFound('Plan');
  if (!before.active) return before;
  const now = ctx.now();
  await ctx.trx.updateTable('service_plans').set({ active: false, retired_at: now, updated_at: now }).where('tenant_id', '=', ctx.tenantId).where('id', '=', before.id).execute();
  await recordAuditEvent(ctx, { action: 'plan.retired', entityType: 'service_plan', entityId: before.id, before: { active: true }, after: { active: false, retiredAt: now.toISOString() } });
  const after = await findPlan(ctx.trx, ctx.tenantId, before.id);
  if (!after) throw new Error('plan vanished after update');
  return after;
}
