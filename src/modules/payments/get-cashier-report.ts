/**
 * The cashier's end-of-day view: for one date (today in the company's zone by default),
 * what each staff member collected by method, the totals per method and overall, and,
 * apart from them, the payments of that date that were voided.
 */
import type { PaymentMethod } from '../../db/schema.ts';
import { fieldError } from '../../lib/errors.ts';
import { calendarDateIn, parseCalendarDate } from '../../lib/zoned-time.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { listVoidedOn, sumCollectedOn, type VoidedPaymentRow } from './cashier-repository.ts';

export interface MethodTotal {
  method: PaymentMethod;
  currency: string;
  count: number;
  amountMinor: number;
}

export interface CurrencyTotal {
  currency: string;
  count: number;
  amountMinor: number;
}

export interface CollectorDay {
  collectedBy: string | null;
  label: string;
  byMethod: MethodTotal[];
  totals: CurrencyTotal[];
}

export interface CashierReport {
  date: string;
  today: string;
  collectors: CollectorDay[];
  byMethod: MethodTotal[];
  totals: CurrencyTotal[];
  voided: VoidedPaymentRow[];
}

function addTo<T extends { count: number; amountMinor: number }>(map: Map<string, T>, key: string, make: () => T, count: number, amountMinor: number): void {
  const entry = map.get(key) ?? make();
  entry.count += count;
  entry.amountMinor += amountMinor;
  map.set(key, entry);
}

export async function getCashierReport(ctx: TenantContext, input: { date?: string | undefined }): Promise<CashierReport> {
  assertCan(ctx.actor, 'billing.read');
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const today = calendarDateIn(ctx.now(), settings.timeZone);
  const date = input.date?.trim() || today;
  if (!parseCalendarDate(date)) throw fieldError('date', 'format', 'Date must be written YYYY-MM-DD');
  const rows = await sumCollectedOn(ctx.trx, ctx.tenantId, date);

  type Collector = CollectorDay & { totalsBy: Map<string, CurrencyTotal> };
  const collectors = new Map<string, Collector>();
  const byMethod = new Map<string, MethodTotal>();
  const totals = new Map<string, CurrencyTotal>();
  for (const row of rows) {
    const key = row.collectedBy ?? `label:${row.collectedByLabel}`;
    const collector: Collector = collectors.get(key) ?? { collectedBy: row.collectedBy, label: row.collectedByLabel, byMethod: [], totals: [], totalsBy: new Map() };
    collectors.set(key, collector);
    collector.byMethod.push({ method: row.method, currency: row.currency, count: row.count, amountMinor: row.amountMinor });
    addTo(collector.totalsBy, row.currency, () => ({ currency: row.currency, count: 0, amountMinor: 0 }), row.count, row.amountMinor);
    addTo(byMethod, `${row.method}/${row.currency}`, () => ({ method: row.method, currency: row.currency, count: 0, amountMinor: 0 }), row.count, row.amountMinor);
    addTo(totals, row.currency, () => ({ currency: row.currency, count: 0, amountMinor: 0 }), row.count, row.amountMinor);
  }
  return {
    date,
    today,
    collectors: [...collectors.values()].map(({ totalsBy, ...c }) => ({ ...c, totals: [...totalsBy.values()] })),
    byMethod: [...byMethod.values()],
    totals: [...totals.values()],
    voided: await listVoidedOn(ctx.trx, ctx.tenantId, date),
  };
}
