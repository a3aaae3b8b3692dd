/**
 * Move a service to another plan from today or an earlier date (a future date is refused
 * until billing brings scheduled changes). The service shows the new plan at once and a
 * service_plan_changes row keeps what it was, from when, and why; the billing issue prices
 * the change from that history.
 */
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { checkPastDateOrAfter } from './service-dates.ts';
import { readDate, tenantToday, trimmedText } from '../installations/installation-checks.ts';
import { activePlan, checkDiscountFits } from './service-input.ts';
import { saveServiceChange, serviceFor } from './service-lifecycle.ts';
import { insertPlanChange, type ServiceView } from './services-repository.ts';

export interface ChangeServicePlanInput {
  serviceId: string;
  planId: string;
  /** YYYY-MM-DD; defaults to the tenant's today. */
  effectiveOn?: string | null;
  reason?: string;
}

export async function changeServicePlan(ctx: TenantContext, input: ChangeServicePlanInput): Promise<ServiceView> {
  assertCan(ctx.actor, 'services.manage');
  const before = await serviceFor(ctx, input.serviceId, ['pending', 'active', 'suspended'], 'moved to another plan');
  const problems = new Problems();
  const plan = await activePlan(ctx, problems, input.planId);
  if (plan && plan.id === before.planId) problems.add('planId', 'same', `The service is already on ${plan.name}`);
  checkDiscountFits(problems, before.discountMinor, before.priceOverrideMinor, plan, 'planId');
  const today = await tenantToday(ctx);
  const effectiveOn = readDate(problems, 'effectiveOn', 'Effective date', input.effectiveOn) ?? today;
  // The service switches plan and price at once; a later date would bill the new price early.
  // Scheduled changes arrive with billing.
  if (effectiveOn > today) problems.add('effectiveOn', 'future', `Plan changes take effect today (${today}) or on an earlier date`);
  checkPastDateOrAfter(problems, 'effectiveOn', 'Effective date', effectiveOn, before.startOn);
  const reason = trimmedText(problems, 'reason', 'Reason', input.reason, 500);
  problems.throwIfAny();
  if (!plan) throw new Error('unreachable: plan checked above');
  await insertPlanChange(ctx.trx, ctx.tenantId, { serviceId: before.id, fromPlanId: before.planId, toPlanId: plan.id, effectiveOn, reason, at: ctx.now(), actor: ctx.actor });
  return saveServiceChange(ctx, before, { plan_id: plan.id }, 'service.plan_changed', { effectiveOn, reason });
}
