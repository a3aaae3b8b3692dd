/**
 * Which period a postpaid service is billed for next, and what that period costs.
 *
 * Anniversary: periods start on the day the service started (clamped in short months).
 * Fixed day: every monthly service is billed on the tenant's billing day; the first
 * invoice covers the days from the start to the first billing day, prorated by days
 * against the full period that ends there. Day-based plans (7 days, 30 days) always run
 * from the start: a fixed day of the month means nothing to them.
 */
import { addMonthsAnchored, addPeriods, addDays, dayOfMonth, daysBetween, nextAnchorOnOrAfter, type PlanPeriod } from './billing-calendar.ts';
import { scaleRounded } from './money-rounding.ts';
import type { BillingDayPolicy } from '../../db/schema.ts';

export interface BillingPolicy {
  policy: BillingDayPolicy;
  /** 1-28, used under 'fixed_day'. */
  billingDay: number;
}

export interface ServiceBillingState {
  startOn: string;
  /** End of the last invoiced period; null before the first invoice. */
  billedUntil: string | null;
  /** Fixed at the first invoice; null before it. */
  anchorDay: number | null;
}

export interface BillingPeriod {
  start: string;
  end: string;
  anchorDay: number;
  /** Days in this period and in the full period it is a part of (equal unless prorated). */
  days: number;
  fullDays: number;
}

/** The anchor day a service gets at its first invoice. */
export function firstAnchorDay(startOn: string, plan: PlanPeriod, policy: BillingPolicy): number {
  if (plan.unit === 'month' && policy.policy === 'fixed_day') return policy.billingDay;
  return dayOfMonth(startOn);
}

/** The next period to invoice for a service, in advance. */
export function nextBillingPeriod(state: ServiceBillingState, plan: PlanPeriod, policy: BillingPolicy): BillingPeriod {
  const anchorDay = state.anchorDay ?? firstAnchorDay(state.startOn, plan, policy);
  const start = state.billedUntil ?? state.startOn;
  if (plan.unit === 'month') {
    // Off the anchor only for the first period under a fixed billing day: bill up to the
    // first billing day after the start, as a share of the full period ending there.
    const onAnchor = nextAnchorOnOrAfter(start, anchorDay) === start;
    if (!onAnchor) {
      const end = nextAnchorOnOrAfter(addDays(start, 1), anchorDay);
      const fullStart = addMonthsAnchored(end, -plan.count, anchorDay);
      return { start, end, anchorDay, days: daysBetween(start, end), fullDays: daysBetween(fullStart, end) };
    }
  }
  const end = addPeriods(start, plan, 1, anchorDay);
  const days = daysBetween(start, end);
  return { start, end, anchorDay, days, fullDays: days };
}

/** A price for `days` out of `fullDays`, rounded half away from zero (a full period is the price itself). */
export function prorate(priceMinor: number, days: number, fullDays: number): number {
  if (days === fullDays) return priceMinor;
  return scaleRounded(priceMinor, days, fullDays);
}
