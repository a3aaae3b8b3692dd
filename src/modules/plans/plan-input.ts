/**
 * Input rules shared by creating and editing a plan. Each check adds to one Problems list
 * under the camelCase input name, so a form shows every wrong field at once.
 */
import type { PeriodUnit } from '../../db/schema.ts';
import { checkRequiredText, cleanText, type Problems } from '../../lib/validate.ts';
import type { TenantContext } from '../context.ts';
import { planExternalRefTaken, planNameTaken } from './plans-repository.ts';

export interface PlanFields {
  name: string;
  downloadMbps: number;
  uploadMbps: number;
  priceMinor: number;
  periodUnit: PeriodUnit;
  periodCount: number;
  setupFeeMinor: number | null;
  taxClass: string;
  description: string;
  externalRef: string | null;
}

export interface RawPlanFields {
  name?: unknown;
  downloadMbps?: unknown;
  uploadMbps?: unknown;
  priceMinor?: unknown;
  periodUnit?: unknown;
  periodCount?: unknown;
  setupFeeMinor?: unknown;
  taxClass?: unknown;
  description?: unknown;
  externalRef?: unknown;
}

export const MAX_MBPS = 100_000;
/** A plan bills every N months (1 = monthly, 3 = quarterly, 12 = yearly) or every N days. */
export const MAX_PERIOD: Record<PeriodUnit, number> = { month: 12, day: 366 };
const TAX_CLASS = /^[a-z][a-z0-9_]{0,39}$/;

function integerIn(problems: Problems, field: string, label: string, raw: unknown, min: number, max: number): number {
  const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (raw === undefined || raw === null || raw === '') problems.add(field, 'required', `${label} is required`);
  else if (typeof n !== 'number' || !Number.isInteger(n)) problems.add(field, 'integer', `${label} must be a whole number`);
  else if (n < min || n > max) problems.add(field, 'range', `${label} must be between ${min} and ${max.toLocaleString('en')}`);
  else return n;
  return min;
}

function amount(problems: Problems, field: string, label: string, raw: unknown): number {
  if (raw === undefined || raw === null) problems.add(field, 'required', `${label} is required`);
  else if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) problems.add(field, 'integer', `${label} must be a whole number of minor units`);
  else if (raw < 0) problems.add(field, 'range', `${label} cannot be negative`);
  else return raw;
  return 0;
}

export function readPlanFields(problems: Problems, raw: RawPlanFields): PlanFields {
  const name = cleanText(raw.name);
  checkRequiredText(problems, 'name', 'Name', name, 120);
  const downloadMbps = integerIn(problems, 'downloadMbps', 'Download speed', raw.downloadMbps, 1, MAX_MBPS);
  const uploadMbps = integerIn(problems, 'uploadMbps', 'Upload speed', raw.uploadMbps, 1, MAX_MBPS);
  const priceMinor = amount(problems, 'priceMinor', 'Price', raw.priceMinor);

  let periodUnit: PeriodUnit = 'month';
  if (raw.periodUnit === 'day' || raw.periodUnit === 'month') periodUnit = raw.periodUnit;
  else if (raw.periodUnit !== undefined && raw.periodUnit !== '') problems.add('periodUnit', 'one_of', 'Billing period is monthly or a number of days');
  // Monthly is the usual plan, so a month count may be left out; a day count may not.
  const countGiven = raw.periodCount !== undefined && raw.periodCount !== null && raw.periodCount !== '';
  let periodCount = 1;
  if (countGiven) periodCount = integerIn(problems, 'periodCount', periodUnit === 'month' ? 'Number of months' : 'Number of days', raw.periodCount, 1, MAX_PERIOD[periodUnit]);
  else if (periodUnit === 'day') problems.add('periodCount', 'required', 'Enter the number of days in one billing period');

  const setupFeeMinor = raw.setupFeeMinor === undefined || raw.setupFeeMinor === null ? null : amount(problems, 'setupFeeMinor', 'Setup fee', raw.setupFeeMinor);
  const taxClass = typeof raw.taxClass === 'string' && raw.taxClass.trim() !== '' ? raw.taxClass.trim() : 'standard';
  if (!TAX_CLASS.test(taxClass)) problems.add('taxClass', 'format', 'Tax class is a key in lower case letters, digits and underscores, e.g. standard or vat_exempt');
  const description = typeof raw.description === 'string' ? raw.description.trim() : '';
  if (description.length > 2000) problems.add('description', 'max_length', 'Description must be at most 2,000 characters');
  const ref = cleanText(raw.externalRef);
  const externalRef = ref === '' ? null : ref;
  if (externalRef !== null && externalRef.length > 100) problems.add('externalRef', 'max_length', 'External reference must be at most 100 characters');
  return { name, downloadMbps, uploadMbps, priceMinor, periodUnit, periodCount, setupFeeMinor, taxClass, description, externalRef };
}

/** Names and external references are unique within the tenant. */
export async function checkPlanUniqueness(ctx: TenantContext, problems: Problems, fields: PlanFields, exceptId?: string): Promise<void> {
  if (fields.name !== '' && (await planNameTaken(ctx.trx, ctx.tenantId, fields.name, exceptId))) {
    problems.add('name', 'taken', 'A plan with this name already exists');
  }
  if (fields.externalRef !== null && (await planExternalRefTaken(ctx.trx, ctx.tenantId, fields.externalRef, exceptId))) {
    problems.add('externalRef', 'taken', 'Another plan already has this external reference');
  }
}

/** What the audit log keeps of a plan. */
export function planAuditShape(p: PlanFields & { currency: string; active?: boolean }) {
  return {
    name: p.name,
    downloadMbps: p.downloadMbps,
    uploadMbps: p.uploadMbps,
    priceMinor: p.priceMinor,
    currency: p.currency,
    periodUnit: p.periodUnit,
    periodCount: p.periodCount,
    setupFeeMinor: p.setupFeeMinor,
    taxClass: p.taxClass,
    description: p.description,
    externalRef: p.externalRef,
    active: p.active,
  };
}
