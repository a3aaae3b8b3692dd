/** Charges and typed lines priced into invoice lines, with the tenant's current tax rates. */
import type { TaxRule } from '../billing/line-tax.ts';
import { taxRuleFor } from '../billing/tax-rules.ts';
import type { ChargeRow } from './charges-repository.ts';
import { priceLine, type PricedLine } from './price-line.ts';
import type { StaffLine } from './staff-line.ts';

export function chargeLine(charge: ChargeRow, rules: ReadonlyMap<string, TaxRule>): PricedLine {
  return priceLine({
    kind: charge.kind,
    description: charge.description,
    serviceId: charge.service_id,
    periodStart: charge.period_start,
    periodEnd: charge.period_end,
    quantity: charge.quantity,
    unitPriceMinor: Number(charge.unit_price_minor),
    tax: taxRuleFor(rules, charge.tax_class),
  });
}

export function typedLine(line: StaffLine, rules: ReadonlyMap<string, TaxRule>): PricedLine {
  return priceLine({ ...line, tax: taxRuleFor(rules, line.taxClass) });
}

/**
 * The fields by which a line is recognised as a charge's line. Lines carry no charge id, so
 * a draft gives a charge back only when no line with this signature is left for it.
 */
export function lineSignature(l: { kind: string; description: string; quantity: number; unit_price_minor: number; service_id: string | null }): string {
  return JSON.stringify([l.kind, l.description.slice(0, 300), Number(l.quantity), Number(l.unit_price_minor), l.service_id]);
}
