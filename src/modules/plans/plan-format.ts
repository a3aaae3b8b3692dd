/** How a plan reads to people: "every month", "50/20 Mbps", "₱1,499.00 / month". */
import type { PeriodUnit } from '../../db/schema.ts';
import { formatMoney } from '../../lib/money.ts';

export function periodLabel(unit: PeriodUnit, count: number): string {
  if (unit === 'month') return count === 1 ? 'month' : `${count} months`;
  return count === 1 ? 'day' : `${count} days`;
}

export function speedLabel(downloadMbps: number, uploadMbps: number): string {
  return `${downloadMbps}/${uploadMbps} Mbps`;
}

export function priceLabel(plan: { priceMinor: number; currency: string; periodUnit: PeriodUnit; periodCount: number }, locale: string): string {
  return `${formatMoney(plan.priceMinor, plan.currency, locale)} / ${periodLabel(plan.periodUnit, plan.periodCount)}`;
}
