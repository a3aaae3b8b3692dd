import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NO_TAX, PPM, formatRate, lineAmounts, parseRatePercent, type TaxRule } from './line-tax.ts';

function rule(ratePpm: number, inclusive: boolean): TaxRule {
  return { taxClass: 'standard', name: 'VAT', ratePpm, inclusive };
}

test('exclusive tax is added on top of the net', () => {
  assert.deepEqual(lineAmounts(100000, rule(120000, false)), { amountMinor: 100000, netMinor: 100000, taxMinor: 12000, totalMinor: 112000 });
  // 7.5% of 0.20 is 0.015: a half, rounded away from zero.
  assert.deepEqual(lineAmounts(20, rule(75000, false)), { amountMinor: 20, netMinor: 20, taxMinor: 2, totalMinor: 22 });
  assert.deepEqual(lineAmounts(2, rule(75000, false)), { amountMinor: 2, netMinor: 2, taxMinor: 0, totalMinor: 2 });
});

test('inclusive tax is taken out of the gross, which stays the total', () => {
  assert.deepEqual(lineAmounts(150000, rule(120000, true)), { amountMinor: 150000, netMinor: 133929, taxMinor: 16071, totalMinor: 150000 });
  assert.deepEqual(lineAmounts(112000, rule(120000, true)), { amountMinor: 112000, netMinor: 100000, taxMinor: 12000, totalMinor: 112000 });
  // 100%: 1001 / 2 = 500.5, net rounds up, tax takes the rest.
  assert.deepEqual(lineAmounts(1001, rule(PPM, true)), { amountMinor: 1001, netMinor: 501, taxMinor: 500, totalMinor: 1001 });
});

test('a 0-decimal currency (JPY-like)', () => {
  assert.deepEqual(lineAmounts(1000, rule(100000, true)), { amountMinor: 1000, netMinor: 909, taxMinor: 91, totalMinor: 1000 });
  assert.deepEqual(lineAmounts(1000, rule(100000, false)), { amountMinor: 1000, netMinor: 1000, taxMinor: 100, totalMinor: 1100 });
  // 999 x 10% = 99.9 yen: rounds to a whole yen, never a fraction.
  assert.deepEqual(lineAmounts(999, rule(100000, false)), { amountMinor: 999, netMinor: 999, taxMinor: 100, totalMinor: 1099 });
  assert.deepEqual(lineAmounts(105, rule(100000, false)), { amountMinor: 105, netMinor: 105, taxMinor: 11, totalMinor: 116 });
});

test('a 3-decimal currency (BHD-like)', () => {
  // 1.005 BHD at 10% = 0.1005: half of a fils, away from zero.
  assert.deepEqual(lineAmounts(1005, rule(100000, false)), { amountMinor: 1005, netMinor: 1005, taxMinor: 101, totalMinor: 1106 });
  // 10.000 BHD at 5% inclusive: 9.5238... net.
  assert.deepEqual(lineAmounts(10000, rule(50000, true)), { amountMinor: 10000, netMinor: 9524, taxMinor: 476, totalMinor: 10000 });
});

test('credit lines mirror their charges', () => {
  assert.deepEqual(lineAmounts(-100000, rule(120000, false)), { amountMinor: -100000, netMinor: -100000, taxMinor: -12000, totalMinor: -112000 });
  assert.deepEqual(lineAmounts(-150000, rule(120000, true)), { amountMinor: -150000, netMinor: -133929, taxMinor: -16071, totalMinor: -150000 });
  assert.deepEqual(lineAmounts(-20, rule(75000, false)), { amountMinor: -20, netMinor: -20, taxMinor: -2, totalMinor: -22 });
});

test('untaxed lines and bad amounts', () => {
  assert.deepEqual(lineAmounts(150000, NO_TAX), { amountMinor: 150000, netMinor: 150000, taxMinor: 0, totalMinor: 150000 });
  assert.deepEqual(lineAmounts(150000, rule(0, true)), { amountMinor: 150000, netMinor: 150000, taxMinor: 0, totalMinor: 150000 });
  assert.deepEqual(lineAmounts(0, rule(120000, false)), { amountMinor: 0, netMinor: 0, taxMinor: 0, totalMinor: 0 });
  assert.throws(() => lineAmounts(100.5, rule(120000, false)), /whole number/);
  assert.throws(() => lineAmounts(2 ** 53, rule(120000, false)), /whole number/);
});

const amounts = fc.integer({ min: -1e13, max: 1e13 });
const rates = fc.integer({ min: 0, max: PPM });

test('property: a line always totals net + tax; inclusive keeps the gross, exclusive keeps the net', () => {
  fc.assert(
    fc.property(amounts, rates, fc.boolean(), (amount, ratePpm, inclusive) => {
      const line = lineAmounts(amount, rule(ratePpm, inclusive));
      assert.equal(line.amountMinor, amount);
      assert.equal(line.totalMinor, line.netMinor + line.taxMinor);
      if (inclusive) assert.equal(line.totalMinor, amount);
      else assert.equal(line.netMinor, amount);
      for (const value of [line.netMinor, line.taxMinor, line.totalMinor]) assert.ok(Number.isSafeInteger(value));
      // Tax never changes the sign of a line and never exceeds it at rates up to 100%.
      assert.ok(amount >= 0 ? line.taxMinor >= 0 : line.taxMinor <= 0);
      assert.ok(Math.abs(line.taxMinor) <= Math.abs(amount));
    }),
  );
});

test('property: tax is the exactly rounded rate, half away from zero', () => {
  fc.assert(
    fc.property(amounts, rates, fc.boolean(), (amount, ratePpm, inclusive) => {
      const line = lineAmounts(amount, rule(ratePpm, inclusive));
      const a = BigInt(amount);
      const rate = BigInt(ratePpm);
      const million = BigInt(PPM);
      if (inclusive) {
        // net within half a minor unit of gross / (1 + rate).
        const error = BigInt(line.netMinor) * (million + rate) - a * million;
        assert.ok(2n * (error < 0n ? -error : error) <= million + rate);
      } else {
        const error = BigInt(line.taxMinor) * million - a * rate;
        assert.ok(2n * (error < 0n ? -error : error) <= million);
      }
    }),
  );
});

test('property: a credit of x carries exactly minus the tax of x', () => {
  fc.assert(
    fc.property(amounts, rates, fc.boolean(), (amount, ratePpm, inclusive) => {
      const charge = lineAmounts(amount, rule(ratePpm, inclusive));
      // 0 - amount, not -amount: a -0 would not equal 0 under strict assertions.
      const credit = lineAmounts(0 - amount, rule(ratePpm, inclusive));
      assert.equal(credit.taxMinor, 0 - charge.taxMinor);
      assert.equal(credit.netMinor, 0 - charge.netMinor);
      assert.equal(credit.totalMinor, 0 - charge.totalMinor);
    }),
  );
});

test('rates parse from percent text exactly and format back', () => {
  assert.equal(parseRatePercent('12'), 120000);
  assert.equal(parseRatePercent('12%'), 120000);
  assert.equal(parseRatePercent(' 7.5 % '), 75000);
  assert.equal(parseRatePercent('7.5'), 75000);
  assert.equal(parseRatePercent('12.50'), 125000);
  assert.equal(parseRatePercent('0.0001'), 1);
  assert.equal(parseRatePercent('0'), 0);
  assert.equal(parseRatePercent('100'), PPM);
  assert.equal(parseRatePercent('100.0000'), PPM);
  for (const bad of ['100.00001', '100.0001', '101', '1000', 'abc', '-1', '', '%', '1e2', '.5', '5.', '12,5', '0.00001']) {
    assert.equal(parseRatePercent(bad), undefined, bad);
  }
  assert.equal(formatRate(120000), '12%');
  assert.equal(formatRate(75000), '7.5%');
  assert.equal(formatRate(125000), '12.5%');
  assert.equal(formatRate(120500), '12.05%');
  assert.equal(formatRate(1), '0.0001%');
  assert.equal(formatRate(0), '0%');
  assert.equal(formatRate(PPM), '100%');
  for (const text of ['12', '7.5', '0.0001']) assert.equal(formatRate(parseRatePercent(text) ?? -1), `${text}%`);
});

test('property: every rate from 0 to 100% survives format then parse', () => {
  fc.assert(
    fc.property(rates, (ratePpm) => {
      assert.equal(parseRatePercent(formatRate(ratePpm)), ratePpm);
    }),
    { numRuns: 500 },
  );
});
