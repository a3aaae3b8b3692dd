import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addDays,
  addMonthsAnchored,
  addPeriods,
  dayOfMonth,
  daysBetween,
  daysInMonth,
  nextAnchorOnOrAfter,
  previousAnchorOnOrBefore,
} from './billing-calendar.ts';

// Any day from 2000-01-01 to about 2099, as a day offset, so the generator covers leap days
// and month ends without building dates by hand.
const anyDate = fc.integer({ min: 0, max: 36_500 }).map((offset) => addDays('2000-01-01', offset));
const anyAnchor = fc.integer({ min: 1, max: 31 });

test('month lengths, leap years included', () => {
  assert.equal(daysInMonth(2027, 2), 28);
  assert.equal(daysInMonth(2028, 2), 29);
  assert.equal(daysInMonth(2100, 2), 28);
  assert.equal(daysInMonth(2000, 2), 29);
  assert.equal(daysInMonth(2027, 4), 30);
  assert.equal(daysInMonth(2027, 12), 31);
});

test('addDays and daysBetween cross month, leap day and year ends', () => {
  assert.equal(addDays('2027-01-31', 1), '2027-02-01');
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(addDays('2027-02-28', 1), '2027-03-01');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2027-01-01', -1), '2026-12-31');
  assert.equal(addDays('2027-03-17', 30), '2027-04-16');
  assert.equal(daysBetween('2027-03-17', '2027-04-01'), 15);
  assert.equal(daysBetween('2028-02-01', '2028-03-01'), 29);
  assert.equal(daysBetween('2027-04-01', '2027-03-17'), -15);
  assert.equal(daysBetween('2027-01-01', '2028-01-01'), 365);
  assert.equal(dayOfMonth('2027-03-17'), 17);
});

test('invalid calendar dates are refused, not rolled over', () => {
  assert.throws(() => addDays('2027-02-29', 1), /not a calendar date/);
  assert.throws(() => addDays('2027-13-01', 1), /not a calendar date/);
  assert.throws(() => daysBetween('2027-04-31', '2027-05-01'), /not a calendar date/);
  assert.throws(() => addMonthsAnchored('27-01-31', 1, 31), /not a calendar date/);
});

test('a day-31 anchor clamps in short months and comes back', () => {
  const from = '2027-01-31';
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((months) => addMonthsAnchored(from, months, 31)),
    ['2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31', '2027-06-30', '2027-07-31', '2027-08-31', '2027-09-30', '2027-10-31', '2027-11-30', '2027-12-31', '2028-01-31'],
  );
  // Stepping one month at a time from a clamped date keeps the anchor, not the clamped day.
  assert.equal(addMonthsAnchored('2027-02-28', 1, 31), '2027-03-31');
  assert.equal(addMonthsAnchored('2027-04-30', 1, 31), '2027-05-31');
  assert.equal(addMonthsAnchored('2028-01-31', 1, 31), '2028-02-29');
  assert.equal(addMonthsAnchored('2028-02-29', 1, 31), '2028-03-31');
  assert.equal(addMonthsAnchored('2026-12-31', 1, 31), '2027-01-31');
  assert.equal(addMonthsAnchored('2027-01-30', 1, 30), '2027-02-28');
  assert.equal(addMonthsAnchored('2027-02-28', 1, 30), '2027-03-30');
  assert.equal(addMonthsAnchored('2027-01-31', -1, 31), '2026-12-31');
  assert.equal(addMonthsAnchored('2027-03-31', -1, 31), '2027-02-28');
  assert.equal(addMonthsAnchored('2027-01-15', 12, 15), '2028-01-15');
  assert.equal(addMonthsAnchored('2027-11-15', 3, 15), '2028-02-15');
});

test('addPeriods: month plans follow the anchor, day plans ignore it', () => {
  const monthly = { unit: 'month', count: 1 } as const;
  const quarterly = { unit: 'month', count: 3 } as const;
  const thirtyDays = { unit: 'day', count: 30 } as const;
  assert.equal(addPeriods('2027-01-31', monthly, 1, 31), '2027-02-28');
  assert.equal(addPeriods('2027-01-31', monthly, 2, 31), '2027-03-31');
  assert.equal(addPeriods('2027-01-31', monthly, 3, 31), '2027-04-30');
  assert.equal(addPeriods('2026-12-31', monthly, 1, 31), '2027-01-31');
  assert.equal(addPeriods('2027-11-30', quarterly, 1, 30), '2028-02-29');
  assert.equal(addPeriods('2027-01-31', thirtyDays, 1, 31), '2027-03-02');
  assert.equal(addPeriods('2028-01-31', thirtyDays, 1, 31), '2028-03-01');
  assert.equal(addPeriods('2027-12-15', thirtyDays, 2, 1), '2028-02-13');
  assert.equal(addPeriods('2027-03-17', { unit: 'day', count: 7 }, 0, 17), '2027-03-17');
});

test('next and previous anchor days', () => {
  assert.equal(nextAnchorOnOrAfter('2027-03-17', 1), '2027-04-01');
  assert.equal(nextAnchorOnOrAfter('2027-03-01', 1), '2027-03-01');
  assert.equal(nextAnchorOnOrAfter('2027-02-10', 31), '2027-02-28');
  assert.equal(nextAnchorOnOrAfter('2027-02-28', 31), '2027-02-28');
  assert.equal(nextAnchorOnOrAfter('2027-12-20', 15), '2028-01-15');
  assert.equal(nextAnchorOnOrAfter('2027-04-30', 31), '2027-04-30');
  assert.equal(previousAnchorOnOrBefore('2027-03-17', 1), '2027-03-01');
  assert.equal(previousAnchorOnOrBefore('2027-03-17', 20), '2027-02-20');
  assert.equal(previousAnchorOnOrBefore('2027-03-10', 31), '2027-02-28');
  assert.equal(previousAnchorOnOrBefore('2027-01-10', 15), '2026-12-15');
  assert.equal(previousAnchorOnOrBefore('2027-02-28', 31), '2027-02-28');
});

test('property: addDays and daysBetween are inverses', () => {
  fc.assert(
    fc.property(anyDate, fc.integer({ min: -2000, max: 2000 }), (date, days) => {
      const moved = addDays(date, days);
      assert.equal(daysBetween(date, moved), days);
      assert.equal(addDays(moved, -days), date);
    }),
  );
});

test('property: anchored month steps land on the clamped anchor and compose', () => {
  fc.assert(
    fc.property(anyDate, anyAnchor, fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40, max: 40 }), (date, anchor, a, b) => {
      const moved = addMonthsAnchored(date, a, anchor);
      const [y, m] = moved.split('-').map(Number) as [number, number];
      assert.equal(dayOfMonth(moved), Math.min(anchor, daysInMonth(y, m)));
      // Calendar months moved, whatever the day: the result depends only on month and anchor.
      const [y0, m0] = date.split('-').map(Number) as [number, number];
      assert.equal(y * 12 + m - (y0 * 12 + m0), a);
      assert.equal(addMonthsAnchored(moved, b, anchor), addMonthsAnchored(date, a + b, anchor));
    }),
  );
});

test('property: one anchored month is 28 to 31 days and strictly later', () => {
  fc.assert(
    fc.property(anyDate, anyAnchor, (date, anchor) => {
      const start = nextAnchorOnOrAfter(date, anchor);
      const end = addPeriods(start, { unit: 'month', count: 1 }, 1, anchor);
      const days = daysBetween(start, end);
      assert.ok(days >= 28 && days <= 31, `${start} -> ${end}: ${days}`);
    }),
  );
});

test('property: next/previous anchor bracket the date within a month', () => {
  fc.assert(
    fc.property(anyDate, anyAnchor, (date, anchor) => {
      const next = nextAnchorOnOrAfter(date, anchor);
      const previous = previousAnchorOnOrBefore(date, anchor);
      assert.ok(next >= date && previous <= date);
      assert.ok(daysBetween(date, next) < 31 && daysBetween(previous, date) < 31);
      // Both are anchor days: stepping to them again does not move.
      assert.equal(nextAnchorOnOrAfter(next, anchor), next);
      assert.equal(previousAnchorOnOrBefore(previous, anchor), previous);
      if (next === date) assert.equal(previous, date);
      else assert.equal(addMonthsAnchored(previous, 1, anchor), next);
    }),
  );
});
