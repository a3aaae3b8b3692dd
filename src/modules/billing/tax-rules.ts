/**
 * The tenant's tax rates as rules for line-tax.ts, keyed by tax class. Plans and one-off
 * charges name a class; a class with no rate is untaxed (NO_TAX), so deleting a rate only
 * changes lines priced after it: stored lines keep the rate they were issued with.
 */
import type { TenantTx } from '../../db/tenancy.ts';
import { NO_TAX, type TaxRule } from './line-tax.ts';

export async function loadTaxRules(trx: TenantTx, tenantId: string): Promise<Map<string, TaxRule>> {
  const rows = await trx
    .selectFrom('tax_rates')
    .select(['tax_class', 'name', 'rate_ppm', 'inclusive'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return new Map(
    rows.map((r) => [r.tax_class, { taxClass: r.tax_class, name: r.name, ratePpm: Number(r.rate_ppm), inclusive: r.inclusive }]),
  );
}

/** The rule for a class; NO_TAX for no class or a class without a rate. */
export function taxRuleFor(rules: ReadonlyMap<string, TaxRule>, taxClass: string | null | undefined): TaxRule {
  if (!taxClass) return NO_TAX;
  return rules.get(taxClass) ?? NO_TAX;
}
