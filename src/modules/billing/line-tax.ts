/**
 * Tax on one invoice line (DESIGN.md "Money and time": tax per line, rounded half away
 * from zero). Exclusive: tax = round(net x rate). Inclusive: net = round(gross / (1 + rate)),
 * tax = gross - net, so the line still totals exactly what the price said.
 */
import { divideRounded } from './money-rounding.ts';

export const PPM = 1_000_000;

export interface TaxRule {
  /** Tax class key the rate came from, or null when the line is untaxed. */
  taxClass: string | null;
  name: string | null;
  /** Parts per million: 12% is 120000. */
  ratePpm: number;
  inclusive: boolean;
}

export const NO_TAX: TaxRule = { taxClass: null, name: null, ratePpm: 0, inclusive: false };

export interface LineAmounts {
  /** The line as priced: gross when the tax is inclusive, net otherwise. */
  amountMinor: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export function lineAmounts(amountMinor: number, rule: TaxRule): LineAmounts {
  if (!Number.isSafeInteger(amountMinor)) throw new Error('line amount must be a whole number of minor units');
  const amount = BigInt(amountMinor);
  const rate = BigInt(rule.ratePpm);
  if (rule.inclusive) {
    const net = divideRounded(amount * BigInt(PPM), BigInt(PPM) + rate);
    return { amountMinor, netMinor: Number(net), taxMinor: Number(amount - net), totalMinor: amountMinor };
  }
  const tax = divideRounded(amount * rate, BigInt(PPM));
  return { amountMinor, netMinor: amountMinor, taxMinor: Number(tax), totalMinor: Number(amount + tax) };
}

/** "12%", "7.5%", "0%" */
export function formatRate(ratePpm: number): string {
  const whole = Math.trunc(ratePpm / 10_000);
  const fraction = String(ratePpm % 10_000).padStart(4, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}%` : `${whole}%`;
}

/** "12" or "7.5" (percent) to parts per million, exactly; undefined when not a rate. */
export function parseRatePercent(text: string): number | undefined {
  const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(text.trim().replace(/%$/, '').trim());
  if (!m) return undefined;
  const ppm = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0') || '0');
  return ppm <= PPM ? ppm : undefined;
}
