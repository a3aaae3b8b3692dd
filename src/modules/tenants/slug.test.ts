import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { slugify } from './slug.ts';

// The same rule as the CHECK constraint on tenants.slug: a slug that fails it would turn a
// valid sign-up into a database error.
const SLUG_RULE = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

describe('company handles', () => {
  it('reads like the company name', () => {
    assert.equal(slugify('Bayan Fiber Co.'), 'bayan-fiber-co');
    assert.equal(slugify('  Señor Wi-Fi  Kenya '), 'senor-wi-fi-kenya');
    assert.equal(slugify('!!!'), 'isp');
  });

  it('always satisfies the database rule, leaving room for a -N suffix', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (name) => {
        const slug = slugify(name);
        assert.match(slug, SLUG_RULE);
        assert.ok(slug.length <= 40, 'room for "-9999" within 48 characters');
        assert.match(`${slug}-9999`, SLUG_RULE);
      }),
      { numRuns: 500 },
    );
  });
});
