/** Tax per rate on a document, from its lines (each line carries the rate it was priced with). */

export interface TaxedLine {
  taxName: string | null;
  taxRatePpm: number;
  taxInclusive: boolean;
  netMinor: number;
  taxMinor: number;
}

export interface TaxTotal {
  name: string;
  ratePpm: number;
  inclusive: boolean;
  /** The net amount the tax was charged on. */
  baseMinor: number;
  taxMinor: number;
}

/**
 * One row per (name, rate, inclusive), in the order the rates first appear. Untaxed lines
 * (no name, or a zero rate with no tax) are left out: they have no tax to show.
 */
export function taxTotalsByRate(lines: readonly TaxedLine[]): TaxTotal[] {
  const totals = new Map<string, TaxTotal>();
  for (const line of lines) {
    if (line.taxName === null) continue;
    const key = `${line.taxName}\u0000${line.taxRatePpm}\u0000${line.taxInclusive}`;
    const total = totals.get(key) ?? { name: line.taxName, ratePpm: line.taxRatePpm, inclusive: line.taxInclusive, baseMinor: 0, taxMinor: 0 };
    total.baseMinor += line.netMinor;
    total.taxMinor += line.taxMinor;
    totals.set(key, total);
  }
  return [...totals.values()];
}
