import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatPeriod, pdfFileName } from './document-format.ts';
import { pdfMoney, toWinAnsi } from './pdf-text.ts';
import { taxTotalsByRate } from './tax-summary.ts';

describe('printing with the built-in fonts', () => {
  it('keeps WinAnsi text, drops accents it lacks, and marks what has no Latin form', () => {
    assert.equal(toWinAnsi('Peña “Fiber” – €5 · ok'), 'Peña “Fiber” – €5 · ok');
    assert.equal(toWinAnsi('Łódź Wąsik'), 'Lódz Wasik');
    assert.equal(toWinAnsi('王小明'), '???');
    assert.equal(toWinAnsi('1\u202f499,50\u2212'), '1\u00a0499,50-');
  });

  it('prints money with the ISO code where the fonts lack the symbol, and the symbol where they have it', () => {
    assert.equal(pdfMoney(149950, 'PHP', 'en-PH'), 'PHP 1,499.50');
    assert.equal(pdfMoney(-149950, 'PHP', 'en-PH'), '-PHP 1,499.50');
    assert.equal(pdfMoney(149950, 'USD', 'en'), '$1,499.50');
    assert.equal(pdfMoney(500, 'JPY', 'ja'), '¥500');
    assert.equal(pdfMoney(1234567, 'BHD', 'en'), 'BHD\u00a01,234.567');
    assert.equal(pdfMoney(149950, 'EUR', 'fr'), '1\u00a0499,50\u00a0€');
  });

  it('prints a half-open period by its last day, and makes a safe file name of any number', () => {
    assert.equal(formatPeriod('2026-02-01', '2026-03-01', 'en'), 'Feb 1, 2026 - Feb 28, 2026');
    assert.equal(pdfFileName('INV/2026/7'), 'INV-2026-7.pdf');
    assert.equal(pdfFileName('"; rm'), 'rm.pdf');
  });

  it('sums tax per rate and leaves untaxed lines out', () => {
    const line = (taxName: string | null, taxRatePpm: number, netMinor: number, taxMinor: number, taxInclusive = false) => ({ taxName, taxRatePpm, taxInclusive, netMinor, taxMinor });
    assert.deepEqual(taxTotalsByRate([line('VAT', 120000, 100000, 12000), line(null, 0, 5000, 0), line('VAT', 120000, 50000, 6000), line('VAT', 120000, 8929, 1071, true)]), [
      { name: 'VAT', ratePpm: 120000, inclusive: false, baseMinor: 150000, taxMinor: 18000 },
      { name: 'VAT', ratePpm: 120000, inclusive: true, baseMinor: 8929, taxMinor: 1071 },
    ]);
  });
});
