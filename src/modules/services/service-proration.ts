/**
 * The day-granular money of changing or ending a service inside a period that has already
 * been invoiced. Pure: the use cases read the rows, this works out the amounts, and the
 * tests pin the arithmetic (rounding half away from zero, via prorate()).
 */
import { addDays, addPeriods, daysBetween, type PlanPeriod } from '../billing/billing-calendar.ts';
import { prorate } from '../billing/service-periods.ts';

/** "2026-11-16 to 2026-11-30": periods are half-open, so the last day shown is end - 1. */
export function daysText(start: string, endExclusive: string): string {
  return `${start} to ${addDays(endExclusive, -1)}`;
}

/**
 * Days in the whole plan period that ends on `periodEnd`. A plan's price is for a whole
 * period, so a day of it is worth price / this, also inside a first invoice that covered
 * only part of a period (fixed billing day) and whose own length is shorter.
 */
export function fullPeriodDays(periodEnd: string, plan: PlanPeriod, anchorDay: number): number {
  return daysBetween(addPeriods(periodEnd, plan, -1, anchorDay), periodEnd);
}

export interface PlanSide {
  name: string;
  /** What the service pays per whole period on this plan (override and discount applied). */
  priceMinor: number;
  period: PlanPeriod;
}

export interface PlanChangeProration {
  periodStart: string;
  periodEnd: string;
  /** Negative or zero: the old plan's unused days, handed back. */
  creditMinor: number;
  creditDescription: string;
  chargeMinor: number;
  chargeDescription: string;
}

/**
 * A plan change on `effectiveOn` inside the invoiced period ending `periodEnd`: credit the
 * old plan for the days from the change to the end, charge the new plan for the same days.
 */
export function planChangeProration(input: { from: PlanSide; to: PlanSide; effectiveOn: string; periodEnd: string; anchorDay: number }): PlanChangeProration {
  const days = daysBetween(input.effectiveOn, input.periodEnd);
  const span = daysText(input.effectiveOn, input.periodEnd);
  const credit = prorate(input.from.priceMinor, days, fullPeriodDays(input.periodEnd, input.from.period, input.anchorDay));
  return {
    periodStart: input.effectiveOn,
    periodEnd: input.periodEnd,
    // Negating after rounding keeps the credit the exact mirror of a charge of those days.
    creditMinor: credit === 0 ? 0 : -credit,
    creditDescription: `Unused days of ${input.from.name}, ${span}`,
    chargeMinor: prorate(input.to.priceMinor, days, fullPeriodDays(input.periodEnd, input.to.period, input.anchorDay)),
    chargeDescription: `${input.to.name}, ${span}`,
  };
}

/** The part of an amount billed for [start, end) that falls on or after `from` (signed, like the amount). */
export function shareFrom(amountMinor: number, start: string, end: string, from: string): number {
  if (from >= end) return 0;
  if (from <= start) return amountMinor;
  return prorate(amountMinor, daysBetween(from, end), daysBetween(start, end));
}
