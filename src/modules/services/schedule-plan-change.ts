/**
 * A plan change (usually a downgrade) that waits for the end of the period already
 * invoiced: it takes effect on billed_until, and the billing run applies it before billing
 * the period that starts then, so no money moves now and the next invoice is at the new plan.
 * One scheduled change per service at a time; cancel-scheduled-plan-change.ts withdraws it.
 */
import { AppError, conflict } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { trimmedText } from '../installations/installation-checks.ts';
import { activePlan, checkDiscountFits } from './service-input.ts';
import { serviceFor } from './service-lifecycle.ts';
import { findScheduledPlanChange, insertScheduledPlanChange, serviceBillingState } from './service-billing-repository.ts';
import { findService, type ServiceView } from './services-repository.ts';

export interface SchedulePlanChangeInput {
  serviceId: string;
  planId: string;
  reason?: string;
}

export async function schedulePlanChange(ctx: TenantContext, input: SchedulePlanChangeInput): Promise<ServiceView> {
  assertCan(ctx.actor, 'services.manage');
  const service = await serviceFor(ctx, input.serviceId, ['pending', 'active', 'suspended'], 'moved to another plan');
  const problems = new Problems();
  const plan = await activePlan(ctx, problems, input.planId);
  if (plan && plan.id === service.planId) problems.add('planId', 'same', `The service is already on ${plan.name}`);
  checkDiscountFits(problems, service.discountMinor, service.priceOverrideMinor, plan, 'planId');
  const reason = trimmedText(problems, 'reason', 'Reason', input.reason, 500);
  problems.throwIfAny();
  if (!plan) throw new Error('unreachable: plan checked above');

  const state = await serviceBillingState(ctx.trx, ctx.tenantId, service.id);
  // Prepaid time ends when the subscriber stops paying, not on a billing date the run owns.
  if (state.billingMode !== 'postpaid') throw new AppError(409, 'not_postpaid', 'Only a postpaid service can change plan at the end of its period; change this one now');
  if (state.billedUntil === null) throw new AppError(409, 'not_invoiced', 'This service has not been invoiced yet, so it has no period to wait for: change the plan now and the first invoice bills the new plan');
  const pending = await findScheduledPlanChange(ctx.trx, ctx.tenantId, service.id);
  if (pending) throw conflict('plan_change_scheduled', `A change to ${pending.toPlanName} is already scheduled for ${pending.effectiveOn}; cancel it first`);

  await insertScheduledPlanChange(ctx.trx, ctx.tenantId, { serviceId: service.id, toPlanId: plan.id, effectiveOn: state.billedUntil, reason, at: ctx.now(), actorLabel: ctx.actor.label });
  await recordAuditEvent(ctx, {
    action: 'service.plan_change_scheduled',
    entityType: 'service',
    entityId: service.id,
    before: { planId: service.planId },
    after: { planId: service.planId, scheduledPlanId: plan.id, effectiveOn: state.billedUntil, reason },
  });
  const after = await findService(ctx.trx, ctx.tenantId, service.id);
  if (!after) throw new Error('unreachable: service locked above');
  return after;
}
