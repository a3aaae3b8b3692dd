/**
 * What the billing run will invoice for one due postpaid service, worked out in memory
 * from rows already read: the next period (service-periods.ts), the service line at the
 * service's price (prorated for a first part period under a fixed billing day, or for a
 * service that ends inside the period), and the charges waiting for this invoice. Pure, so
 * the dry run and the real run share it and the scenario tests can trust both.
 */
import type { ChargeKind } from '../../db/schema.ts';
import { daysBetween } from '../billing/billing-calendar.ts';
import type { TaxRule } from '../billing/line-tax.ts';
import { nextBillingPeriod, prorate, type BillingPolicy } from '../billing/service-periods.ts';
import { pricePerPeriodMinor } from '../services/service-price.ts';
import { priceLine, sumLines, type PricedLine } from '../invoices/price-line.ts';

export interface DueService {
  id: string;
  customerId: string;
  startOn: string;
  endOn: string | null;
  billedUntil: string | null;
  anchorDay: number | null;
  planName: string;
  planPriceMinor: number;
  planCurrency: string;
  periodUnit: 'month' | 'day';
  periodCount: number;
  taxClass: string;
  priceOverrideMinor: number | null;
  discountMinor: number | null;
}

export interface PendingCharge {
  id: string;
  customerId: string;
  serviceId: string | null;
  kind: ChargeKind;
  description: string;
  periodStart: string | null;
  periodEnd: string | null;
  quantity: number;
  unitPriceMinor: number;
  taxClass: string;
}

export interface PlannedInvoice {
  serviceId: string;
  customerId: string;
  periodStart: string;
  periodEnd: string;
  anchorDay: number;
  lines: PricedLine[];
  chargeIds: string[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
}

// One formatter for the whole process: building one per call (toLocaleDateString) was the
// largest cost of a billing run in bench/billing-run.ts.
const DAY_MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "1 Nov 2026 to 30 Nov 2026": the last day shown is the day before the exclusive end. */
export function describePeriod(start: string, endExclusive: string): string {
  const last = new Date(`${endExclusive}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  return `${DAY_MONTH_YEAR.format(new Date(`${start}T00:00:00Z`))} to ${DAY_MONTH_YEAR.format(last)}`;
}

export function planRecurringInvoice(
  service: DueService,
  charges: readonly PendingCharge[],
  policy: BillingPolicy,
  taxFor: (taxClass: string) => TaxRule,
): PlannedInvoice {
  const plan = { unit: service.periodUnit, count: service.periodCount };
  const period = nextBillingPeriod({ startOn: service.startOn, billedUntil: service.billedUntil, anchorDay: service.anchorDay }, plan, policy);
  // A service ending inside the period is billed up to its last day.
  const end = service.endOn !== null && service.endOn < period.end ? service.endOn : period.end;
  const days = end === period.end ? period.days : daysBetween(period.start, end);
  const price = pricePerPeriodMinor({ planPriceMinor: service.planPriceMinor, priceOverrideMinor: service.priceOverrideMinor, discountMinor: service.discountMinor });
  const amount = prorate(price, days, period.fullDays);
  const partial = days !== period.fullDays;
  const lines: PricedLine[] = [
    priceLine({
      kind: 'service',
      description: `${service.planName}, ${describePeriod(period.start, end)}${partial ? ` (${days} of ${period.fullDays} days)` : ''}`,
      serviceId: service.id,
      periodStart: period.start,
      periodEnd: end,
      unitPriceMinor: amount,
      tax: taxFor(service.taxClass),
    }),
  ];
  for (const c of charges) {
    lines.push(
      priceLine({
        kind: c.kind,
        description: c.description,
        serviceId: c.serviceId,
        periodStart: c.periodStart,
        periodEnd: c.periodEnd,
        quantity: c.quantity,
        unitPriceMinor: c.unitPriceMinor,
        tax: taxFor(c.taxClass),
      }),
    );
  }
  const totals = sumLines(lines);
  return {
    serviceId: service.id,
    customerId: service.customerId,
    periodStart: period.start,
    periodEnd: end,
    anchorDay: period.anchorDay,
    lines,
    chargeIds: charges.map((c) => c.id),
    ...totals,
  };
}
