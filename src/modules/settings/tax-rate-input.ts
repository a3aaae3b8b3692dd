/**
 * Input rules shared by adding and editing a tax rate. The rate is percent text ("12",
 * "7.5") turned into parts per million exactly, never through a float.
 */
import { checkRequiredText, cleanText, type Problems } from '../../lib/validate.ts';
import { parseRatePercent } from '../billing/line-tax.ts';
import type { TenantContext } from '../context.ts';
import { taxClassTaken, type TaxRateFields } from './tax-rates-repository.ts';

export interface RawTaxRateFields {
  taxClass?: unknown;
  name?: unknown;
  /** Percent as text, up to 4 decimals: "12", "7.5", "0". */
  rate?: unknown;
  inclusive?: unknown;
}

/** The same key rule as a plan's tax class (and the CHECK on both tables). */
export const TAX_CLASS = /^[a-z][a-z0-9_]{0,39}$/;

export function readTaxRateFields(problems: Problems, raw: RawTaxRateFields): TaxRateFields {
  const taxClass = typeof raw.taxClass === 'string' ? raw.taxClass.trim() : '';
  if (taxClass === '') problems.add('taxClass', 'required', 'Tax class is required');
  else if (!TAX_CLASS.test(taxClass)) problems.add('taxClass', 'format', 'Tax class is a key of up to 40 lower case letters, digits and underscores, starting with a letter, e.g. standard or vat');

  const name = cleanText(raw.name);
  checkRequiredText(problems, 'name', 'Name', name, 60);

  const rateText = typeof raw.rate === 'string' ? raw.rate : '';
  const ratePpm = parseRatePercent(rateText);
  if (rateText.trim() === '') problems.add('rate', 'required', 'Rate is required');
  else if (ratePpm === undefined) problems.add('rate', 'format', 'Rate is a percent from 0 to 100 with at most 4 decimals, e.g. 12 or 7.5');

  if (typeof raw.inclusive !== 'boolean') problems.add('inclusive', 'required', 'Say whether prices include this tax');
  return { taxClass, name, ratePpm: ratePpm ?? 0, inclusive: raw.inclusive === true };
}

export async function checkTaxClassFree(ctx: TenantContext, problems: Problems, taxClass: string, exceptId?: string): Promise<void> {
  if (TAX_CLASS.test(taxClass) && (await taxClassTaken(ctx.trx, ctx.tenantId, taxClass, exceptId))) {
    problems.add('taxClass', 'taken', 'A tax rate for this class already exists');
  }
}

/** What the audit log keeps of a tax rate. */
export function taxRateAuditShape(f: TaxRateFields) {
  return { taxClass: f.taxClass, name: f.name, ratePpm: f.ratePpm, inclusive: f.inclusive };
}
