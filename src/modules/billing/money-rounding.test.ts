import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { divideRounded, scaleRounded } from './money-rounding.ts';

/** Reference: truncate, then step away from zero when the remainder is half or more. */
function reference(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = 2n * (r < 0n ? -r : r);
  if (twice < d) return q;
  return n < 0n ? q - 1n : q + 1n;
}

test('halves go away from zero on both sides', () => {
  assert.equal(divideRounded(5n, 2n), 3n);
  assert.equal(divideRounded(-5n, 2n), -3n);
  assert.equal(divideRounded(7n, 2n), 4n);
  assert.equal(divideRounded(-7n, 2n), -4n);
  assert.equal(divideRounded(1n, 2n), 1n);
  assert.equal(divideRounded(-1n, 2n), -1n);
  assert.equal(divideRounded(0n, 7n), 0n);
  assert.equal(divideRounded(1n, 3n), 0n);
  assert.equal(divideRounded(2n, 3n), 1n);
  assert.equal(divideRounded(-2n, 3n), -1n);
  assert.equal(divideRounded(-1n, 3n), 0n);
  assert.equal(divideRounded(6n, 3n), 2n);
  assert.equal(divideRounded(-6n, 3n), -2n);
  assert.equal(divideRounded(15n, 10n), 2n);
  assert.equal(divideRounded(25n, 10n), 3n, 'not banker’s rounding');
  assert.equal(divideRounded(-25n, 10n), -3n);
  assert.equal(divideRounded(149n, 100n), 1n);
});

test('a denominator of zero or less is refused', () => {
  assert.throws(() => divideRounded(1n, 0n), /positive denominator/);
  assert.throws(() => divideRounded(1n, -2n), /positive denominator/);
});

test('scaleRounded: price x days / period days exactly', () => {
  assert.equal(scaleRounded(150000, 15, 31), 72581);
  assert.equal(scaleRounded(100000, 15, 30), 50000);
  assert.equal(scaleRounded(100000, 1, 30), 3333);
  assert.equal(scaleRounded(100000, 2, 30), 6667);
  assert.equal(scaleRounded(-150000, 15, 31), -72581);
  assert.equal(scaleRounded(999, 1, 2), 500);
  assert.equal(scaleRounded(-999, 1, 2), -500);
  // price x days beyond 2^53 still exact: the product never passes through a float.
  assert.equal(scaleRounded(Number.MAX_SAFE_INTEGER, 30, 31), 8716644440071927);
  assert.throws(() => scaleRounded(Number.MAX_SAFE_INTEGER, 2, 1), /out of range/);
});

test('property: within half a unit of the exact quotient, ties away from zero, matches reference', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }), fc.bigInt({ min: 1n, max: 2n ** 40n }), (n, d) => {
      const q = divideRounded(n, d);
      const error = q * d - n;
      const abs = error < 0n ? -error : error;
      assert.ok(2n * abs <= d, `${n}/${d} -> ${q}`);
      // On an exact tie the result is the one further from zero.
      if (2n * abs === d) assert.ok(n < 0n ? q * d < n : q * d > n);
      assert.equal(q, reference(n, d));
      assert.equal(divideRounded(-n, d), -q, 'symmetric around zero');
    }),
  );
});

test('property: small numerators and denominators, where ties are common', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -200n, max: 200n }), fc.bigInt({ min: 1n, max: 12n }), (n, d) => {
      assert.equal(divideRounded(n, d), reference(n, d));
    }),
    { numRuns: 500 },
  );
});

test('property: scaleRounded agrees with divideRounded on the BigInt product', () => {
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 0, max: 366 }), fc.integer({ min: 1, max: 366 }), (amount, days, full) => {
      assert.equal(BigInt(scaleRounded(amount, days, full)), divideRounded(BigInt(amount) * BigInt(days), BigInt(full)));
      if (days === full) assert.equal(scaleRounded(amount, days, full), amount);
    }),
  );
});
