/**
 * The plan form sends amounts as people type them, in major units of the plan's currency
 * ("1,499.00" PHP, "1,500" JPY, "12.500" BHD). This turns the form into the use case's
 * input (minor units), collecting a problem for any amount that is not one, so the form can
 * show it together with every other field's problem.
 */
import { currencyExponent } from '../../lib/currencies.ts';
import { minorToMajorText, parseMajorAmount } from '../../lib/money.ts';
import { Problems } from '../../lib/validate.ts';
import type { RawPlanFields } from './plan-input.ts';

/** The form's fields, all text as posted. */
export interface PlanFormValues {
  name?: string | undefined;
  downloadMbps?: string | undefined;
  uploadMbps?: string | undefined;
  price?: string | undefined;
  periodUnit?: string | undefined;
  periodCount?: string | undefined;
  setupFee?: string | undefined;
  taxClass?: string | undefined;
  description?: string | undefined;
}

export function amountHint(currency: string): string {
  const exponent = currencyExponent(currency);
  return exponent === 0 ? `a whole amount in ${currency}, e.g. 1,500` : `an amount in ${currency} with at most ${exponent} decimals, e.g. 1,499.${'0'.repeat(exponent)}`;
}

function readAmount(problems: Problems, field: string, label: string, text: string | undefined, currency: string): number | undefined {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return undefined;
  const minor = parseMajorAmount(trimmed, currency);
  if (minor === undefined) {
    problems.add(field, 'format', `${label}: enter ${amountHint(currency)}`);
    // A placeholder: the problem above already stops the save.
    return 0;
  }
  return minor;
}

/** Form values to use-case fields; amount problems go to `problems` under priceMinor / setupFeeMinor. */
export function readPlanForm(values: PlanFormValues, currency: string): { fields: RawPlanFields; problems: Problems } {
  const problems = new Problems();
  const fields: RawPlanFields = {
    name: values.name,
    downloadMbps: values.downloadMbps?.trim() ?? '',
    uploadMbps: values.uploadMbps?.trim() ?? '',
    priceMinor: readAmount(problems, 'priceMinor', 'Price', values.price, currency),
    periodUnit: values.periodUnit,
    periodCount: values.periodCount?.trim() ?? '',
    setupFeeMinor: readAmount(problems, 'setupFeeMinor', 'Setup fee', values.setupFee, currency) ?? null,
    taxClass: values.taxClass,
    description: values.description,
  };
  return { fields, problems };
}

/** A stored plan as form values (amounts back in major units). */
export function planFormValues(plan: {
  name: string;
  downloadMbps: number;
  uploadMbps: number;
  priceMinor: number;
  currency: string;
  periodUnit: string;
  periodCount: number;
  setupFeeMinor: number | null;
  taxClass: string;
  description: string;
}): PlanFormValues {
  return {
    name: plan.name,
    downloadMbps: String(plan.downloadMbps),
    uploadMbps: String(plan.uploadMbps),
    price: minorToMajorText(plan.priceMinor, plan.currency),
    periodUnit: plan.periodUnit,
    periodCount: String(plan.periodCount),
    setupFee: plan.setupFeeMinor === null ? '' : minorToMajorText(plan.setupFeeMinor, plan.currency),
    taxClass: plan.taxClass,
    description: plan.description,
  };
}
