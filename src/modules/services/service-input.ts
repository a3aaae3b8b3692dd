/** Rules shared by creating and editing a service: price adjustments and the plan. */
import type { Problems } from '../../lib/validate.ts';
import { minorToMajorText } from '../../lib/money.ts';
import type { TenantContext } from '../context.ts';
import { findPlan } from './services-repository.ts';

function minorAmount(problems: Problems, field: string, label: string, raw: unknown): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0) {
    problems.add(field, 'range', `${label} must be a whole, non-negative number of minor units`);
    return null;
  }
  return raw;
}

export interface Adjustment {
  priceOverrideMinor: number | null;
  discountMinor: number | null;
  adjustmentReason: string;
}

/**
 * A price override replaces the plan price; a discount comes off each period. Either one
 * must say why (the schema's CHECK says the same, this says it on the field), and a
 * discount cannot exceed the price it comes off.
 */
export function readAdjustment(
  problems: Problems,
  input: { priceOverrideMinor?: number | null | undefined; discountMinor?: number | null | undefined; adjustmentReason?: string | undefined },
  plan: { price_minor: number; currency: string } | undefined,
): Adjustment {
  const priceOverrideMinor = minorAmount(problems, 'priceOverrideMinor', 'Price override', input.priceOverrideMinor);
  const discountMinor = minorAmount(problems, 'discountMinor', 'Discount', input.discountMinor);
  const adjustmentReason = typeof input.adjustmentReason === 'string' ? input.adjustmentReason.trim() : '';
  if (adjustmentReason.length > 500) problems.add('adjustmentReason', 'max_length', 'The reason must be at most 500 characters');
  if ((priceOverrideMinor !== null || discountMinor !== null) && adjustmentReason === '') {
    problems.add('adjustmentReason', 'required', 'Say why this subscriber pays a different price');
  }
  checkDiscountFits(problems, discountMinor, priceOverrideMinor, plan);
  return { priceOverrideMinor, discountMinor, adjustmentReason };
}

export function checkDiscountFits(problems: Problems, discountMinor: number | null, priceOverrideMinor: number | null, plan: { price_minor: number; currency: string } | undefined, field = 'discountMinor'): void {
  if (discountMinor === null || !plan) return;
  const price = priceOverrideMinor ?? plan.price_minor;
  if (discountMinor > price) problems.add(field, 'too_large', `The discount is more than the price it comes off (${minorToMajorText(price, plan.currency)} ${plan.currency})`);
}

/** The plan must exist and be active (retired plans keep their subscribers but take no new ones). */
export async function activePlan(ctx: TenantContext, problems: Problems, planId: unknown) {
  if (typeof planId !== 'string' || planId === '') {
    problems.add('planId', 'required', 'Pick a plan');
    return undefined;
  }
  const plan = await findPlan(ctx.trx, ctx.tenantId, planId);
  if (!plan) problems.add('planId', 'not_found', 'Pick a plan from the list');
  else if (!plan.active) problems.add('planId', 'retired', `Plan ${plan.name} is retired; pick an active plan`);
  return plan?.active ? plan : undefined;
}
