import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { creditNoteAmounts } from './credit-note-tax.ts';

describe('credit note tax', () => {
  it('credits tax in the invoice’s proportion, rounded half away from zero', () => {
    // Invoice 1120.00 of which 120.00 VAT (12% exclusive on 1000.00).
    const invoice = { taxMinor: 12000, totalMinor: 112000 };
    assert.deepEqual(creditNoteAmounts(112000, invoice), { subtotalMinor: 100000, taxMinor: 12000, totalMinor: 112000 });
    assert.deepEqual(creditNoteAmounts(56000, invoice), { subtotalMinor: 50000, taxMinor: 6000, totalMinor: 56000 });
    // 1.00 x 120/1120 = 0.10714... -> 0.11
    assert.deepEqual(creditNoteAmounts(100, invoice), { subtotalMinor: 89, taxMinor: 11, totalMinor: 100 });
    // Exactly half a minor unit rounds away from zero: 7 x 1/2 = 3.5 -> 4.
    assert.equal(creditNoteAmounts(7, { taxMinor: 1, totalMinor: 2 }).taxMinor, 4);
  });

  it('credits no tax on an untaxed invoice and refuses nonsense', () => {
    assert.deepEqual(creditNoteAmounts(500, { taxMinor: 0, totalMinor: 1000 }), { subtotalMinor: 500, taxMinor: 0, totalMinor: 500 });
    assert.throws(() => creditNoteAmounts(0, { taxMinor: 0, totalMinor: 1000 }));
    assert.throws(() => creditNoteAmounts(10, { taxMinor: 0, totalMinor: 0 }));
  });
});
