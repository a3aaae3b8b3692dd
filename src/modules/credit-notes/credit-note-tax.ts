/**
 * The tax inside a credit note. A credit note is typed as a gross amount and credits tax in
 * the proportion the invoice charged it: tax = round(amount x invoice tax / invoice total),
 * half away from zero (money-rounding.ts); the rest is the net. A credit of the whole
 * invoice therefore credits exactly its tax, and an untaxed invoice credits no tax.
 * Several partial credit notes may each round; their sum can differ from the invoice's tax
 * by a minor unit per note, which is the accepted cost of rounding each document.
 */
import { scaleRounded } from '../billing/money-rounding.ts';

export function creditNoteAmounts(amountMinor: number, invoice: { taxMinor: number; totalMinor: number }): { subtotalMinor: number; taxMinor: number; totalMinor: number } {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) throw new Error('a credit note is a positive whole amount');
  if (invoice.totalMinor <= 0) throw new Error('only an invoice with a positive total can be credited');
  const taxMinor = scaleRounded(amountMinor, invoice.taxMinor, invoice.totalMinor);
  return { subtotalMinor: amountMinor - taxMinor, taxMinor, totalMinor: amountMinor };
}
