import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, addPeriods, dayOfMonth, daysBetween, daysInMonth, type PlanPeriod } from './billing-calendar.ts';
import { NO_TAX, PPM, lineAmounts, type TaxRule } from './line-tax.ts';
import { scaleRounded } from './money-rounding.ts';
import { buyPrepaidTime, type PrepaidPurchaseInput } from './prepaid-time.ts';

const MONTHLY: PlanPeriod = { unit: 'month', count: 1 };
const THIRTY_DAYS: PlanPeriod = { unit: 'day', count: 30 };
const VAT_INCLUSIVE: TaxRule = { taxClass: 'standard', name: 'VAT', ratePpm: 120000, inclusive: true };
const VAT_EXCLUSIVE: TaxRule = { taxClass: 'standard', name: 'VAT', ratePpm: 120000, inclusive: false };

/** A first purchase on 27 November 2026 (TestClock's day) of a 1500.00 monthly plan, untaxed. */
function buy(overrides: Partial<PrepaidPurchaseInput>) {
  return buyPrepaidTime({
    today: '2026-11-27',
    paidUntil: null,
    anchorDay: null,
    plan: MONTHLY,
    priceMinor: 150000,
    tax: NO_TAX,
    amountMinor: 150000,
    ...overrides,
  });
}

test('the plan price buys one period, to the same day next month', () => {
  assert.deepEqual(buy({}), {
    from: '2026-11-27',
    until: '2026-12-27',
    anchorDay: 27,
    fullPeriods: 1,
    extraDays: 0,
    line: { amountMinor: 150000, netMinor: 150000, taxMinor: 0, totalMinor: 150000 },
    chargedMinor: 150000,
    leftoverMinor: 0,
  });
  assert.deepEqual(
    [1, 2, 3].map((n) => buy({ amountMinor: n * 150000 })?.until),
    ['2026-12-27', '2027-01-27', '2027-02-27'],
  );
});

test('a fraction of the price buys that fraction of the period in whole days', () => {
  // 30-day plan, half the price: 15 days.
  const half = buy({ today: '2027-03-01', plan: THIRTY_DAYS, priceMinor: 100000, amountMinor: 50000 });
  assert.equal(half?.from, '2027-03-01');
  assert.equal(half?.until, '2027-03-16');
  assert.equal(half?.fullPeriods, 0);
  assert.equal(half?.extraDays, 15);
  assert.equal(half?.chargedMinor, 50000);
  assert.equal(half?.leftoverMinor, 0);

  // Monthly from 27 November: the period has 30 days, so 15/30 of the price is 15 days.
  const fifteen = buy({ amountMinor: 75000 });
  assert.equal(fifteen?.until, '2026-12-12');
  assert.equal(fifteen?.extraDays, 15);
  assert.equal(fifteen?.chargedMinor, 75000);

  // 1020.00 buys 20 days at 50.00 a day; the 20.00 left over stays as credit.
  const twenty = buy({ amountMinor: 102000 });
  assert.equal(twenty?.until, '2026-12-17');
  assert.equal(twenty?.chargedMinor, 100000);
  assert.equal(twenty?.leftoverMinor, 2000);
});

test('a remainder after whole periods buys days of the following period at its daily rate', () => {
  // One period to 27 December, then days of the 31-day period 27 Dec - 27 Jan:
  // 10 days = round(150000 x 10 / 31) = 48387; 11 days would be 53226, over the 50000 left.
  const bought = buy({ amountMinor: 200000 });
  assert.equal(bought?.fullPeriods, 1);
  assert.equal(bought?.extraDays, 10);
  assert.equal(bought?.until, '2027-01-06');
  assert.equal(bought?.chargedMinor, 198387);
  assert.equal(bought?.leftoverMinor, 1613);
  assert.deepEqual(bought?.line, { amountMinor: 198387, netMinor: 198387, taxMinor: 0, totalMinor: 198387 });
});

test('payments stack on paid time while the service is still paid up', () => {
  const stacked = buy({ today: '2026-12-20', paidUntil: '2026-12-27', anchorDay: 27 });
  assert.equal(stacked?.from, '2026-12-27');
  assert.equal(stacked?.until, '2027-01-27');
  assert.equal(stacked?.anchorDay, 27);
  // Paid far ahead: still stacks on the end, not on today.
  assert.equal(buy({ today: '2026-12-20', paidUntil: '2027-03-27', anchorDay: 27 })?.until, '2027-04-27');
});

test('after a lapse, time starts today and the anchor moves to today', () => {
  const renewed = buy({ today: '2027-01-05', paidUntil: '2026-12-27', anchorDay: 27 });
  assert.equal(renewed?.from, '2027-01-05');
  assert.equal(renewed?.until, '2027-02-05');
  assert.equal(renewed?.anchorDay, 5);
  // Paid until today (exclusive) is already a lapse: the new time starts today, and today is
  // still the anchor day, so the anchor stays.
  const onTheDay = buy({ today: '2026-12-27', paidUntil: '2026-12-27', anchorDay: 27 });
  assert.equal(onTheDay?.from, '2026-12-27');
  assert.equal(onTheDay?.until, '2027-01-27');
  assert.equal(onTheDay?.anchorDay, 27);
});

test('a part period moves the anchor to where the new time starts', () => {
  const part = buy({ today: '2026-12-01', paidUntil: '2026-12-12', anchorDay: 27 });
  assert.equal(part?.from, '2026-12-12');
  assert.equal(part?.anchorDay, 12);
  assert.equal(part?.until, '2027-01-12');
});

test('an anchor on the 31st survives February when stacking', () => {
  const first = buy({ today: '2027-01-31' });
  assert.equal(first?.until, '2027-02-28');
  assert.equal(first?.anchorDay, 31);
  const second = buy({ today: '2027-02-20', paidUntil: first!.until, anchorDay: first!.anchorDay });
  assert.equal(second?.from, '2027-02-28');
  assert.equal(second?.until, '2027-03-31');
  assert.equal(second?.anchorDay, 31);
  const third = buy({ today: '2027-03-30', paidUntil: second!.until, anchorDay: second!.anchorDay });
  assert.equal(third?.until, '2027-04-30');
  const fourth = buy({ today: '2027-04-29', paidUntil: third!.until, anchorDay: third!.anchorDay });
  assert.equal(fourth?.until, '2027-05-31');
  // Leap year, and two periods at once.
  assert.equal(buy({ today: '2028-01-31' })?.until, '2028-02-29');
  assert.equal(buy({ today: '2027-01-31', amountMinor: 300000 })?.until, '2027-03-31');
  // Half of February's 28 days from the clamped 28th.
  const days = buy({ today: '2027-01-31', amountMinor: 75000 });
  assert.equal(days?.until, '2027-02-14');
  assert.equal(days?.extraDays, 14);
});

test('inclusive tax: the price is the gross, one period costs exactly the price', () => {
  const bought = buy({ tax: VAT_INCLUSIVE });
  assert.equal(bought?.until, '2026-12-27');
  assert.deepEqual(bought?.line, { amountMinor: 150000, netMinor: 133929, taxMinor: 16071, totalMinor: 150000 });
  assert.equal(bought?.chargedMinor, 150000);
  assert.equal(bought?.leftoverMinor, 0);
  const partial = buy({ tax: VAT_INCLUSIVE, amountMinor: 75000 });
  assert.equal(partial?.until, '2026-12-12');
  assert.deepEqual(partial?.line, { amountMinor: 75000, netMinor: 66964, taxMinor: 8036, totalMinor: 75000 });
});

test('exclusive tax: the price plus its tax buys one period; the price alone buys days', () => {
  const bought = buy({ tax: VAT_EXCLUSIVE, amountMinor: 168000 });
  assert.equal(bought?.fullPeriods, 1);
  assert.equal(bought?.until, '2026-12-27');
  assert.deepEqual(bought?.line, { amountMinor: 150000, netMinor: 150000, taxMinor: 18000, totalMinor: 168000 });
  assert.equal(bought?.chargedMinor, 168000);
  assert.equal(bought?.leftoverMinor, 0);

  // 1500.00 without its tax: a day is 50.00 + 6.00, so 26 days (1456.00), 44.00 left.
  const short = buy({ tax: VAT_EXCLUSIVE, amountMinor: 150000 });
  assert.equal(short?.fullPeriods, 0);
  assert.equal(short?.extraDays, 26);
  assert.equal(short?.until, '2026-12-23');
  assert.deepEqual(short?.line, { amountMinor: 130000, netMinor: 130000, taxMinor: 15600, totalMinor: 145600 });
  assert.equal(short?.leftoverMinor, 4400);
});

test('a 0-decimal price (JPY-like) buys whole days at whole-yen prices', () => {
  // 3000 yen a month, 30-day period: 100 yen a day.
  const bought = buy({ priceMinor: 3000, amountMinor: 1050 });
  assert.equal(bought?.extraDays, 10);
  assert.equal(bought?.until, '2026-12-07');
  assert.equal(bought?.chargedMinor, 1000);
  assert.equal(bought?.leftoverMinor, 50);
});

test('an amount too small for one day buys nothing', () => {
  assert.equal(buy({ amountMinor: 4999 }), undefined, 'a day is 5000');
  assert.equal(buy({ amountMinor: 5599, tax: VAT_EXCLUSIVE }), undefined, 'a day with its tax is 5600');
  assert.equal(buy({ amountMinor: 0 }), undefined);
  assert.equal(buy({ amountMinor: -150000 }), undefined);
  assert.equal(buy({ priceMinor: 0 }), undefined);
  assert.equal(buy({ plan: { unit: 'day', count: 1 }, priceMinor: 5000, amountMinor: 4999 }), undefined);
  assert.equal(buy({ amountMinor: 5000 })?.until, '2026-11-28');
});

// Random purchases: a today in 2026-2030, paid time ending around it (or never paid), a stored
// anchor that may or may not fit, any plan, price, tax and an amount up to ~30 periods.
const purchase: fc.Arbitrary<PrepaidPurchaseInput> = fc
  .record({
    todayOffset: fc.integer({ min: 0, max: 1500 }),
    paidOffset: fc.option(fc.integer({ min: -60, max: 120 })),
    anchor: fc.option(fc.oneof(fc.constant('paid-until' as const), fc.integer({ min: 1, max: 31 }))),
    plan: fc.oneof(
      fc.integer({ min: 1, max: 12 }).map((count): PlanPeriod => ({ unit: 'month', count })),
      fc.integer({ min: 1, max: 90 }).map((count): PlanPeriod => ({ unit: 'day', count })),
    ),
    priceMinor: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 10_000_000 })),
    ratePpm: fc.oneof(fc.constant(0), fc.constant(120000), fc.integer({ min: 0, max: PPM })),
    inclusive: fc.boolean(),
    periodsWorth: fc.integer({ min: 0, max: 30_000 }),
    extra: fc.integer({ min: -5, max: 5 }),
  })
  .map((r) => {
    const today = addDays('2026-01-01', r.todayOffset);
    const paidUntil = r.paidOffset === null ? null : addDays(today, r.paidOffset);
    const anchorDay = r.anchor === null || paidUntil === null ? null : r.anchor === 'paid-until' ? dayOfMonth(paidUntil) : r.anchor;
    const amountMinor = Math.floor((r.priceMinor * r.periodsWorth) / 1000) + r.extra;
    const tax: TaxRule = { taxClass: 'standard', name: 'VAT', ratePpm: r.ratePpm, inclusive: r.inclusive };
    return { today, paidUntil, anchorDay, plan: r.plan, priceMinor: r.priceMinor, tax, amountMinor };
  });

/** Where the time must start and which anchor it must keep, stated independently of the code. */
function expectedStart(input: PrepaidPurchaseInput): { from: string; anchorDay: number } {
  const from = input.paidUntil !== null && input.paidUntil > input.today ? input.paidUntil : input.today;
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const onAnchor = input.anchorDay !== null && d === Math.min(input.anchorDay, daysInMonth(y, m));
  return { from, anchorDay: onAnchor && input.anchorDay !== null ? input.anchorDay : d };
}

test('property: money is conserved and the time bought is the most the money covers', () => {
  fc.assert(
    fc.property(purchase, (input) => {
      const gross = (asPriced: number) => lineAmounts(asPriced, input.tax).totalMinor;
      const { from, anchorDay } = expectedStart(input);
      const result = buyPrepaidTime(input);
      if (result === undefined) {
        // Not even one day of the period starting at `from` fits, or a day's share of the
        // price rounds to nothing (free time is never handed out).
        const periodDays = daysBetween(from, addPeriods(from, input.plan, 1, anchorDay));
        const oneDay = scaleRounded(input.priceMinor, 1, periodDays);
        assert.ok(input.amountMinor <= 0 || oneDay === 0 || gross(oneDay) > input.amountMinor);
        return;
      }
      assert.equal(result.from, from);
      assert.equal(result.anchorDay, anchorDay);
      assert.equal(result.chargedMinor + result.leftoverMinor, input.amountMinor);
      assert.ok(result.leftoverMinor >= 0);
      assert.equal(result.line.totalMinor, result.chargedMinor);
      assert.deepEqual(result.line, lineAmounts(result.line.amountMinor, input.tax));
      assert.ok(result.until > result.from);

      const periodsEnd = addPeriods(from, input.plan, result.fullPeriods, anchorDay);
      const nextDays = daysBetween(periodsEnd, addPeriods(periodsEnd, input.plan, 1, anchorDay));
      assert.equal(result.until, addDays(periodsEnd, result.extraDays));
      assert.ok(result.extraDays >= 0 && result.extraDays < nextDays);
      const asPriced = (days: number) => result.fullPeriods * input.priceMinor + scaleRounded(input.priceMinor, days, nextDays);
      assert.equal(result.line.amountMinor, asPriced(result.extraDays));
      // One more day (or, on the last day, one more whole period) would cost more than the
      // money there is: the leftover is under one more day's gross price.
      assert.ok(gross(asPriced(result.extraDays + 1)) > input.amountMinor);
      assert.ok(result.leftoverMinor < gross(asPriced(result.extraDays + 1)) - gross(asPriced(result.extraDays)));
    }),
    { numRuns: 300 },
  );
});

test('property: more money never buys less time', () => {
  fc.assert(
    fc.property(purchase, fc.integer({ min: 1, max: 1_000_000 }), (input, more) => {
      const less = buyPrepaidTime(input);
      // Up to a few periods more: a price of 1 with a million more would run past year 9999.
      const moreTime = buyPrepaidTime({ ...input, amountMinor: input.amountMinor + 1 + (more % (5 * input.priceMinor + 10)) });
      if (less === undefined) return;
      assert.ok(moreTime !== undefined && moreTime.until >= less.until);
    }),
    { numRuns: 200 },
  );
});

test('property: paying for periods in two goes ends where paying once does', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1500 }),
      fc.oneof(fc.constant(MONTHLY), fc.constant(THIRTY_DAYS), fc.integer({ min: 1, max: 6 }).map((count): PlanPeriod => ({ unit: 'month', count }))),
      // At least a few minor units a day. Below half a minor unit a day, a day's share of the
      // price rounds to 0, so the remainder 0 of an exact payment still buys days (the rule
      // "the most days whose rounded price fits"), and two payments get those days twice.
      fc.integer({ min: 2000, max: 1_000_000 }),
      fc.constantFrom(NO_TAX, VAT_INCLUSIVE),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 4 }),
      (offset, plan, priceMinor, tax, first, second) => {
        const today = addDays('2026-01-01', offset);
        const once = buyPrepaidTime({ today, paidUntil: null, anchorDay: null, plan, priceMinor, tax, amountMinor: (first + second) * priceMinor });
        const a = buyPrepaidTime({ today, paidUntil: null, anchorDay: null, plan, priceMinor, tax, amountMinor: first * priceMinor });
        assert.ok(once && a);
        const b = buyPrepaidTime({ today, paidUntil: a.until, anchorDay: a.anchorDay, plan, priceMinor, tax, amountMinor: second * priceMinor });
        assert.ok(b);
        assert.equal(b.from, a.until);
        assert.equal(b.until, once.until);
        // Day plans have no month anchor to keep; for month plans it must carry over.
        if (plan.unit === 'month') assert.equal(b.anchorDay, once.anchorDay);
        assert.equal(a.leftoverMinor + b.leftoverMinor + once.leftoverMinor, 0);
      },
    ),
  );
});
