import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, daysBetween, dayOfMonth, daysInMonth, type PlanPeriod } from './billing-calendar.ts';
import { firstAnchorDay, nextBillingPeriod, prorate, type BillingPeriod, type BillingPolicy } from './service-periods.ts';

const MONTHLY: PlanPeriod = { unit: 'month', count: 1 };
const QUARTERLY: PlanPeriod = { unit: 'month', count: 3 };
const THIRTY_DAYS: PlanPeriod = { unit: 'day', count: 30 };
const ANNIVERSARY: BillingPolicy = { policy: 'anniversary', billingDay: 1 };
const fixedDay = (billingDay: number): BillingPolicy => ({ policy: 'fixed_day', billingDay });

/** The first `count` periods a service is invoiced for, as the billing run would step through them. */
function periods(startOn: string, plan: PlanPeriod, policy: BillingPolicy, count: number): BillingPeriod[] {
  const out: BillingPeriod[] = [];
  let billedUntil: string | null = null;
  let anchorDay: number | null = null;
  for (let i = 0; i < count; i += 1) {
    const period = nextBillingPeriod({ startOn, billedUntil, anchorDay }, plan, policy);
    out.push(period);
    billedUntil = period.end;
    anchorDay = period.anchorDay;
  }
  return out;
}

const spans = (list: BillingPeriod[]) => list.map((p) => `${p.start}..${p.end} ${p.days}/${p.fullDays}`);

test('anniversary from 31 January clamps to February and returns to the 31st', () => {
  assert.deepEqual(spans(periods('2027-01-31', MONTHLY, ANNIVERSARY, 6)), [
    '2027-01-31..2027-02-28 28/28',
    '2027-02-28..2027-03-31 31/31',
    '2027-03-31..2027-04-30 30/30',
    '2027-04-30..2027-05-31 31/31',
    '2027-05-31..2027-06-30 30/30',
    '2027-06-30..2027-07-31 31/31',
  ]);
  assert.ok(periods('2027-01-31', MONTHLY, ANNIVERSARY, 6).every((p) => p.anchorDay === 31));
});

test('anniversary in a leap year lands on 29 February', () => {
  assert.deepEqual(spans(periods('2028-01-31', MONTHLY, ANNIVERSARY, 3)), [
    '2028-01-31..2028-02-29 29/29',
    '2028-02-29..2028-03-31 31/31',
    '2028-03-31..2028-04-30 30/30',
  ]);
  assert.deepEqual(spans(periods('2028-01-30', MONTHLY, ANNIVERSARY, 2)), ['2028-01-30..2028-02-29 30/30', '2028-02-29..2028-03-30 30/30']);
});

test('anniversary across the year end', () => {
  assert.deepEqual(spans(periods('2026-12-31', MONTHLY, ANNIVERSARY, 3)), [
    '2026-12-31..2027-01-31 31/31',
    '2027-01-31..2027-02-28 28/28',
    '2027-02-28..2027-03-31 31/31',
  ]);
  assert.deepEqual(spans(periods('2026-11-30', QUARTERLY, ANNIVERSARY, 2)), ['2026-11-30..2027-02-28 90/90', '2027-02-28..2027-05-30 91/91']);
});

test('day plans run from the start and ignore the anchor and the fixed day', () => {
  const expected = ['2027-01-31..2027-03-02 30/30', '2027-03-02..2027-04-01 30/30', '2027-04-01..2027-05-01 30/30'];
  assert.deepEqual(spans(periods('2027-01-31', THIRTY_DAYS, ANNIVERSARY, 3)), expected);
  assert.deepEqual(spans(periods('2027-01-31', THIRTY_DAYS, fixedDay(1), 3)), expected);
  assert.equal(firstAnchorDay('2027-01-31', THIRTY_DAYS, fixedDay(1)), 31);
  assert.deepEqual(spans(periods('2028-02-20', { unit: 'day', count: 7 }, fixedDay(15), 2)), ['2028-02-20..2028-02-27 7/7', '2028-02-27..2028-03-05 7/7']);
});

test('fixed billing day: the first period runs to the billing day, prorated by days', () => {
  const list = periods('2027-03-17', MONTHLY, fixedDay(1), 3);
  assert.deepEqual(spans(list), ['2027-03-17..2027-04-01 15/31', '2027-04-01..2027-05-01 30/30', '2027-05-01..2027-06-01 31/31']);
  assert.ok(list.every((p) => p.anchorDay === 1));
  // 150000 x 15 / 31 = 72580.645...
  assert.deepEqual(
    list.map((p) => prorate(150000, p.days, p.fullDays)),
    [72581, 150000, 150000],
  );
  assert.equal(firstAnchorDay('2027-03-17', MONTHLY, fixedDay(1)), 1);
  assert.equal(firstAnchorDay('2027-03-17', MONTHLY, ANNIVERSARY), 17);
});

test('fixed billing day: a start on the billing day is a full period', () => {
  const list = periods('2027-04-01', MONTHLY, fixedDay(1), 2);
  assert.deepEqual(spans(list), ['2027-04-01..2027-05-01 30/30', '2027-05-01..2027-06-01 31/31']);
  assert.equal(prorate(150000, list[0]!.days, list[0]!.fullDays), 150000);
  assert.deepEqual(spans(periods('2027-02-15', MONTHLY, fixedDay(15), 1)), ['2027-02-15..2027-03-15 28/28']);
});

test('fixed billing day: stubs across February, the year end and a late billing day', () => {
  assert.deepEqual(spans(periods('2027-01-31', MONTHLY, fixedDay(15), 2)), ['2027-01-31..2027-02-15 15/31', '2027-02-15..2027-03-15 28/28']);
  assert.deepEqual(spans(periods('2026-12-20', MONTHLY, fixedDay(1), 2)), ['2026-12-20..2027-01-01 12/31', '2027-01-01..2027-02-01 31/31']);
  assert.deepEqual(spans(periods('2028-02-29', MONTHLY, fixedDay(28), 2)), ['2028-02-29..2028-03-28 28/29', '2028-03-28..2028-04-28 31/31']);
  assert.deepEqual(spans(periods('2027-03-31', MONTHLY, fixedDay(1), 1)), ['2027-03-31..2027-04-01 1/31']);
  assert.equal(prorate(150000, 1, 31), 4839);
  assert.equal(prorate(150000, 12, 31), 58065);
});

test('fixed billing day with a 3-month plan: the stub is a share of the quarter ending on the billing day', () => {
  const list = periods('2027-03-17', QUARTERLY, fixedDay(1), 3);
  // The quarter ending 1 April began 1 January: 31 + 28 + 31 = 90 days.
  assert.deepEqual(spans(list), ['2027-03-17..2027-04-01 15/90', '2027-04-01..2027-07-01 91/91', '2027-07-01..2027-10-01 92/92']);
  assert.deepEqual(
    list.map((p) => prorate(450000, p.days, p.fullDays)),
    [75000, 450000, 450000],
  );
});

test('prorate: exact shares, half away from zero, a full period is the price', () => {
  assert.equal(prorate(150000, 15, 31), 72581);
  assert.equal(prorate(100000, 15, 30), 50000);
  assert.equal(prorate(99999, 1, 2), 50000);
  assert.equal(prorate(-150000, 15, 31), -72581);
  assert.equal(prorate(150000, 0, 31), 0);
  assert.equal(prorate(150001, 31, 31), 150001);
  assert.equal(prorate(1000, 1, 3), 333);
  assert.equal(prorate(1000, 2, 3), 667);
});

const anyStart = fc.integer({ min: 0, max: 3650 }).map((offset) => addDays('2026-01-01', offset));
const anyPlan: fc.Arbitrary<PlanPeriod> = fc.oneof(
  fc.integer({ min: 1, max: 12 }).map((count) => ({ unit: 'month' as const, count })),
  fc.integer({ min: 1, max: 90 }).map((count) => ({ unit: 'day' as const, count })),
);
const anyPolicy: fc.Arbitrary<BillingPolicy> = fc.record({
  policy: fc.constantFrom('anniversary' as const, 'fixed_day' as const),
  billingDay: fc.integer({ min: 1, max: 28 }),
});

test('property: periods tile time without gaps or overlaps, only the first may be partial', () => {
  fc.assert(
    fc.property(anyStart, anyPlan, anyPolicy, (startOn, plan, policy) => {
      const list = periods(startOn, plan, policy, 14);
      assert.equal(list[0]!.start, startOn);
      list.forEach((p, i) => {
        if (i > 0) assert.equal(p.start, list[i - 1]!.end);
        assert.equal(p.days, daysBetween(p.start, p.end));
        assert.ok(p.days > 0 && p.days <= p.fullDays);
        assert.equal(p.anchorDay, list[0]!.anchorDay, 'the anchor never drifts');
        if (i > 0) assert.equal(p.days, p.fullDays);
        if (plan.unit === 'day') assert.equal(p.days, plan.count);
        else {
          assert.ok(p.fullDays >= 28 * plan.count && p.fullDays <= 31 * plan.count, `${p.fullDays} days for ${plan.count} months`);
          const [y, m] = p.end.split('-').map(Number) as [number, number];
          assert.equal(dayOfMonth(p.end), Math.min(p.anchorDay, daysInMonth(y, m)));
        }
      });
    }),
  );
});

test('property: under a fixed day, monthly services bill on that day and the stub is shorter than its period', () => {
  fc.assert(
    fc.property(anyStart, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (startOn, count, billingDay) => {
      const [first] = periods(startOn, { unit: 'month', count }, fixedDay(billingDay), 1);
      assert.equal(first!.anchorDay, billingDay);
      assert.equal(dayOfMonth(first!.end), billingDay);
      if (dayOfMonth(startOn) === billingDay) assert.equal(first!.days, first!.fullDays);
      else {
        assert.ok(first!.days < first!.fullDays);
        assert.ok(first!.days < 31, 'the stub never runs past the first billing day');
      }
    }),
  );
});

test('property: prorate stays between 0 and the price and never falls as days grow', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 1, max: 400 }), fc.nat(), (price, fullDays, seed) => {
      const days = seed % fullDays;
      const share = prorate(price, days, fullDays);
      assert.ok(share >= 0 && share <= price);
      assert.ok(prorate(price, days + 1, fullDays) >= share);
      assert.equal(prorate(price, fullDays, fullDays), price);
    }),
  );
});
