import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pricePerPeriodMinor } from './service-price.ts';

describe('pricePerPeriodMinor', () => {
  it('is the plan price, or the override, less the discount, and never below zero', () => {
    assert.equal(pricePerPeriodMinor({ planPriceMinor: 149900, priceOverrideMinor: null, discountMinor: null }), 149900);
    assert.equal(pricePerPeriodMinor({ planPriceMinor: 149900, priceOverrideMinor: 99900, discountMinor: null }), 99900);
    assert.equal(pricePerPeriodMinor({ planPriceMinor: 149900, priceOverrideMinor: null, discountMinor: 20000 }), 129900);
    assert.equal(pricePerPeriodMinor({ planPriceMinor: 149900, priceOverrideMinor: 99900, discountMinor: 20000 }), 79900);
    assert.equal(pricePerPeriodMinor({ planPriceMinor: 149900, priceOverrideMinor: 0, discountMinor: 100 }), 0);
  });
});
