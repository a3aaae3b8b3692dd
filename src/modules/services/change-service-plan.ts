/**
 * Move a service to another plan from today or an earlier date (a later date is a change
 * scheduled for the end of the period: schedule-plan-change.ts). The service shows the new
 * plan at once and a service_plan_changes row keeps what it was, from when, and why.
 *
 * When the period the change falls in is already invoiced (postpaid bills in advance), the
 * old plan's unused days are credited and the new plan charged for them (bill-plan-change.ts).
 * The effective date can then go back to that period's start, not further: the credit is
 * worked out against one invoiced period.
 */
import { conflict, fieldError } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { checkPastDateOrAfter } from './service-dates.ts';
import { readDate, tenantToday, trimmedText } from '../installations/installation-checks.ts';
import { activePlan, checkDiscountFits } from './service-input.ts';
import { saveServiceChange, serviceFor } from './service-lifecycle.ts';
import { billPlanChange, invoicedPeriodAt } from './bill-plan-change.ts';
import { findScheduledPlanChange } from './service-billing-repository.ts';
import { schedulePlanChange } from './schedule-plan-change.ts';
import { insertPlanChange, planChanges, type ServiceView } from './services-repository.ts';

export interface ChangeServicePlanInput {
  serviceId: string;
  planId: string;
  /** 'now' (default): from effectiveOn; 'period_end': scheduled for the end of the invoiced period. */
  when?: 'now' | 'period_end' | undefined;
  /** YYYY-MM-DD; defaults to the tenant's today. Only with when 'now'. */
  effectiveOn?: string | null;
  reason?: string;
}

export async function changeServicePlan(ctx: TenantContext, input: ChangeServicePlanInput): Promise<ServiceView> {
  assertCan(ctx.actor, 'services.manage');
  if (input.when === 'period_end') {
    if (input.effectiveOn) throw fieldError('effectiveOn', 'with_period_end', 'A change at the end of the period takes effect on the day the invoiced period ends; leave the date empty');
    return schedulePlanChange(ctx, { serviceId: input.serviceId, planId: input.planId, reason: input.reason });
  }
  const before = await serviceFor(ctx, input.serviceId, ['pending', 'active', 'suspended'], 'moved to another plan');
  const problems = new Problems();
  const plan = await activePlan(ctx, problems, input.planId);
  if (plan && plan.id === before.planId) problems.add('planId', 'same', `The service is already on ${plan.name}`);
  checkDiscountFits(problems, before.discountMinor, before.priceOverrideMinor, plan, 'planId');
  const today = await tenantToday(ctx);
  const effectiveOn = readDate(problems, 'effectiveOn', 'Effective date', input.effectiveOn) ?? today;
  // The service switches plan and price at once; a later date would bill the new price early.
  if (effectiveOn > today) problems.add('effectiveOn', 'future', `Plan changes take effect today (${today}) or on an earlier date; to change at the end of the period, schedule it`);
  checkPastDateOrAfter(problems, 'effectiveOn', 'Effective date', effectiveOn, before.startOn);
  const reason = trimmedText(problems, 'reason', 'Reason', input.reason, 500);
  const period = await invoicedPeriodAt(ctx, before.id, effectiveOn);
  if (period) {
    const start = period.invoice.periodStart;
    if (effectiveOn < start) problems.add('effectiveOn', 'before_period', `The period from ${start} is already invoiced; a plan change can go back to ${start}, not further`);
    const lastChange = (await planChanges(ctx.trx, ctx.tenantId, before.id)).reduce((latest, h) => (h.effectiveOn > latest ? h.effectiveOn : latest), '');
    if (effectiveOn < lastChange) problems.add('effectiveOn', 'before_last_change', `The plan last changed on ${lastChange}; a new change cannot take effect before it`);
  }
  problems.throwIfAny();
  if (!plan) throw new Error('unreachable: plan checked above');
  const scheduled = await findScheduledPlanChange(ctx.trx, ctx.tenantId, before.id);
  if (scheduled) throw conflict('plan_change_scheduled', `A change to ${scheduled.toPlanName} is scheduled for ${scheduled.effectiveOn}; cancel it before changing the plan now`);
  await insertPlanChange(ctx.trx, ctx.tenantId, { serviceId: before.id, fromPlanId: before.planId, toPlanId: plan.id, effectiveOn, reason, at: ctx.now(), actor: ctx.actor });
  const money = period ? await billPlanChange(ctx, { service: before, toPlanId: plan.id, effectiveOn, period }) : null;
  return saveServiceChange(ctx, before, { plan_id: plan.id }, 'service.plan_changed', { effectiveOn, reason, proration: money });
}
