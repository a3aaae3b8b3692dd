/**
 * Calendar arithmetic for billing periods. Dates are 'YYYY-MM-DD' calendar dates in the
 * tenant's time zone (DESIGN.md "Money and time"); periods are half-open [start, end).
 * Month periods keep an anchor day and clamp it in short months, so a service that started
 * on 31 January is billed 28/29 February, then 31 March again.
 */
import { parseCalendarDate } from '../../lib/zoned-time.ts';

export interface PlanPeriod {
  unit: 'month' | 'day';
  count: number;
}

function parts(date: string): { year: number; month: number; day: number } {
  const parsed = parseCalendarDate(date);
  if (!parsed) throw new Error(`not a calendar date: ${date}`);
  return parsed;
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function utc(date: string): number {
  const { year, month, day } = parts(date);
  return Date.UTC(year, month - 1, day);
}

const DAY_MS = 86_400_000;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(date: string, days: number): string {
  const d = new Date(utc(date) + days * DAY_MS);
  return format(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

export function dayOfMonth(date: string): number {
  return parts(date).day;
}

/** `months` calendar months after `date`, on `anchorDay` clamped to the month's length. */
export function addMonthsAnchored(date: string, months: number, anchorDay: number): string {
  const { year, month } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return format(y, m, Math.min(anchorDay, daysInMonth(y, m)));
}

/** End (exclusive) of `periods` whole plan periods that begin on `start`. */
export function addPeriods(start: string, plan: PlanPeriod, periods: number, anchorDay: number): string {
  if (plan.unit === 'day') return addDays(start, plan.count * periods);
  return addMonthsAnchored(start, plan.count * periods, anchorDay);
}

/**
 * The first day on or after `date` that falls on the anchor day (clamped). For a fixed
 * billing day of 1 and a start on 17 March this is 1 April: the first invoice covers the
 * 15 days in between, prorated.
 */
export function nextAnchorOnOrAfter(date: string, anchorDay: number): string {
  const { year, month, day } = parts(date);
  const thisMonth = Math.min(anchorDay, daysInMonth(year, month));
  if (day <= thisMonth) return format(year, month, thisMonth);
  return addMonthsAnchored(date, 1, anchorDay);
}

/** The anchor-day date on or before `date`: where the full period around `date` began. */
export function previousAnchorOnOrBefore(date: string, anchorDay: number): string {
  const { year, month, day } = parts(date);
  const thisMonth = Math.min(anchorDay, daysInMonth(year, month));
  if (day >= thisMonth) return format(year, month, thisMonth);
  return addMonthsAnchored(date, -1, anchorDay);
}
