import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatMoney, minorToMajorText, parseMajorAmount } from './money.ts';

test('major amounts parse exactly per currency exponent', () => {
  assert.equal(parseMajorAmount('1,499.50', 'PHP'), 149950);
  assert.equal(parseMajorAmount('1499.5', 'PHP'), 149950);
  assert.equal(parseMajorAmount('0.10', 'PHP'), 10);
  assert.equal(parseMajorAmount('500', 'JPY'), 500);
  assert.equal(parseMajorAmount('500.0', 'JPY'), 500);
  assert.equal(parseMajorAmount('500.5', 'JPY'), undefined);
  assert.equal(parseMajorAmount('1.250', 'BHD'), 1250);
  assert.equal(parseMajorAmount('1.2345', 'BHD'), undefined);
  assert.equal(parseMajorAmount('1.234', 'PHP'), undefined);
  for (const bad of ['', '-1', 'abc', '1e3', '1.2.3', '.5', '99999999999999999999']) assert.equal(parseMajorAmount(bad, 'PHP'), undefined, bad);
});

test('minor units round-trip through major text', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 50 }), fc.constantFrom('PHP', 'JPY', 'BHD', 'KES'), (minor, currency) => {
      assert.equal(parseMajorAmount(minorToMajorText(minor, currency), currency), minor);
    }),
  );
  assert.equal(minorToMajorText(5, 'PHP'), '0.05');
  assert.equal(minorToMajorText(-150, 'PHP'), '-1.50');
});

test('formatMoney shows the currency with its decimals', () => {
  assert.match(formatMoney(149950, 'PHP', 'en-PH'), /1,499\.50/);
  assert.match(formatMoney(500, 'JPY', 'en'), /500$/);
  assert.match(formatMoney(1250, 'BHD', 'en'), /1\.250/);
});
