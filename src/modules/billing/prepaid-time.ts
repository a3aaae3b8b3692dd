/**
 * What a prepaid payment buys. DESIGN.md money rules; issue 4 "Prepaid services".
 *
 * - Time starts where the paid time ends while the service is still paid up (paid until a
 *   day after today), otherwise today: renewal after a lapse needs no status change.
 * - Whole periods first: paying the plan price buys one period (a monthly plan paid on
 *   27 November runs to 27 December; from 31 January to 28 February, then 31 March).
 * - Any remainder buys whole days of the period that follows, at that period's daily
 *   rate: days = the most days whose prorated price (rounded half away from zero) fits in
 *   the remainder. What is left under one day's worth is not lost: it stays on the
 *   account as credit and is spent by the next payment.
 * - The plan price is what the subscriber pays per period including tax, so with an
 *   exclusive tax the price plus its tax buys one period.
 */
import { addDays, addPeriods, dayOfMonth, daysBetween, nextAnchorOnOrAfter, type PlanPeriod } from './billing-calendar.ts';
import { lineAmounts, type TaxRule, type LineAmounts } from './line-tax.ts';
import { scaleRounded } from './money-rounding.ts';

export interface PrepaidPurchaseInput {
  today: string;
  /** When the paid time ends (exclusive); null if never paid. */
  paidUntil: string | null;
  /** The service's anchor day, if it has one. */
  anchorDay: number | null;
  plan: PlanPeriod;
  /** Price per period as priced (gross when the tax is inclusive). */
  priceMinor: number;
  tax: TaxRule;
  /** Money available: the payment plus any credit already on the account. */
  amountMinor: number;
}

export interface PrepaidPurchase {
  from: string;
  until: string;
  anchorDay: number;
  fullPeriods: number;
  extraDays: number;
  /** The invoice line for the time bought (amount as priced, net, tax, total). */
  line: LineAmounts;
  /** What the time cost: line.totalMinor. */
  chargedMinor: number;
  /** What stays as credit. */
  leftoverMinor: number;
}

export function buyPrepaidTime(input: PrepaidPurchaseInput): PrepaidPurchase | undefined {
  const { plan, priceMinor, tax, amountMinor } = input;
  if (priceMinor <= 0 || amountMinor <= 0) return undefined;
  const stillPaidUp = input.paidUntil !== null && input.paidUntil > input.today;
  const from = stillPaidUp && input.paidUntil ? input.paidUntil : input.today;
  // Keep the anchor while time stacks on it (27th stays the 27th, 31st survives February);
  // a lapse or a part period moves it to the day the new time starts.
  const keep = input.anchorDay !== null && nextAnchorOnOrAfter(from, input.anchorDay) === from;
  const anchorDay = keep && input.anchorDay !== null ? input.anchorDay : dayOfMonth(from);
  const gross = (asPriced: number) => lineAmounts(asPriced, tax).totalMinor;

  let fullPeriods = Math.floor(amountMinor / gross(priceMinor));
  while (fullPeriods > 0 && gross(fullPeriods * priceMinor) > amountMinor) fullPeriods -= 1;
  while (gross((fullPeriods + 1) * priceMinor) <= amountMinor) fullPeriods += 1;
  const periodsEnd = addPeriods(from, plan, fullPeriods, anchorDay);

  const nextPeriodDays = daysBetween(periodsEnd, addPeriods(periodsEnd, plan, 1, anchorDay));
  const priceOf = (days: number) => fullPeriods * priceMinor + scaleRounded(priceMinor, days, nextPeriodDays);
  let extraDays = 0;
  while (extraDays + 1 < nextPeriodDays && gross(priceOf(extraDays + 1)) <= amountMinor) extraDays += 1;

  if (fullPeriods === 0 && extraDays === 0) return undefined;
  const line = lineAmounts(priceOf(extraDays), tax);
  // A price under half a minor unit a day rounds a day to nothing; never hand out free time.
  if (line.totalMinor <= 0) return undefined;
  return {
    from,
    until: addDays(periodsEnd, extraDays),
    anchorDay,
    fullPeriods,
    extraDays,
    line,
    chargedMinor: line.totalMinor,
    leftoverMinor: amountMinor - line.totalMinor,
  };
}
