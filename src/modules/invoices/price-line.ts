/**
 * An invoice line priced: quantity x unit price, then tax by the line's class
 * (src/modules/billing/line-tax.ts). The tax rate is copied onto the line, so changing a
 * rate later never changes an issued invoice.
 */
import type { InvoiceLineKind } from '../../db/schema.ts';
import { lineAmounts, type TaxRule } from '../billing/line-tax.ts';

export interface LineInput {
  kind: InvoiceLineKind;
  description: string;
  serviceId?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  quantity?: number;
  /** As priced: including tax when the class is inclusive. Negative for a credit. */
  unitPriceMinor: number;
  tax: TaxRule;
}

export interface PricedLine {
  kind: InvoiceLineKind;
  description: string;
  service_id: string | null;
  period_start: string | null;
  period_end: string | null;
  quantity: number;
  unit_price_minor: number;
  amount_minor: number;
  tax_class: string | null;
  tax_name: string | null;
  tax_rate_ppm: number;
  tax_inclusive: boolean;
  net_minor: number;
  tax_minor: number;
  total_minor: number;
}

export function priceLine(input: LineInput): PricedLine {
  const quantity = input.quantity ?? 1;
  const amount = lineAmounts(quantity * input.unitPriceMinor, input.tax);
  return {
    kind: input.kind,
    description: input.description.slice(0, 300),
    service_id: input.serviceId ?? null,
    period_start: input.periodStart ?? null,
    period_end: input.periodEnd ?? null,
    quantity,
    unit_price_minor: input.unitPriceMinor,
    amount_minor: amount.amountMinor,
    tax_class: input.tax.taxClass,
    tax_name: input.tax.name,
    tax_rate_ppm: input.tax.ratePpm,
    tax_inclusive: input.tax.inclusive,
    net_minor: amount.netMinor,
    tax_minor: amount.taxMinor,
    total_minor: amount.totalMinor,
  };
}

/** Invoice totals are the sums of its lines: subtotal of nets, tax of taxes. */
export function sumLines(lines: readonly { net_minor: number; tax_minor: number }[]): { subtotalMinor: number; taxMinor: number; totalMinor: number } {
  let subtotal = 0;
  let tax = 0;
  for (const l of lines) {
    subtotal += l.net_minor;
    tax += l.tax_minor;
  }
  return { subtotalMinor: subtotal, taxMinor: tax, totalMinor: subtotal + tax };
}
