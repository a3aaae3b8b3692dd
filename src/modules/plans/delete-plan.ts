/**
 * Deletes a plan no service has ever used. A plan in use (even by terminated services or
 * in plan-change history, which invoices will point back to) can only be retired.
 */
import { conflict, notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { planAuditShape } from './plan-input.ts';
import { findPlan, planReferences } from './plans-repository.ts';

export async function deletePlan(ctx: TenantContext, input: { planId: string }): Promise<void> {
  assertCan(ctx.actor, 'plans.manage');
  // The row lock makes a concurrent new service on this plan (its foreign-key check takes a
  // share lock on the row) either finish before we count or wait until we are done.
  const plan = await findPlan(ctx.trx, ctx.tenantId, input.planId, { forUpdate: true });
  if (!plan) throw notFound('Plan');
  const refs = await planReferences(ctx.trx, ctx.tenantId, plan.id);
  if (refs.services > 0 || refs.history > 0) {
    const used = refs.services === 1 ? '1 service uses' : refs.services > 1 ? `${refs.services} services use` : 'Plan-change history mentions';
    throw conflict(
      'plan_in_use',
      `${used} “${plan.name}”, so it cannot be deleted. Retire it instead: services on it keep it, and it is no longer offered for new services.`,
    );
  }
  await ctx.trx.deleteFrom('service_plans').where('tenant_id', '=', ctx.tenantId).where('id', '=', plan.id).execute();
  await recordAuditEvent(ctx, { action: 'plan.deleted', entityType: 'service_plan', entityId: plan.id, before: planAuditShape(plan) });
}
