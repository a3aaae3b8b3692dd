/**
 * Reading what staff type into billing forms and API bodies: amounts in major units of the
 * tenant currency ("1,499.50" -> 149950, never through a float), reasons, quantities, tax
 * classes. Each reader adds a problem under the input's field name and returns undefined,
 * so a form shows every wrong field at once (src/lib/validate.ts).
 */
import { isUuid } from '../../db/tenancy.ts';
import { minorToMajorText, parseMajorAmount } from '../../lib/money.ts';
import type { Problems } from '../../lib/validate.ts';
import type { TenantContext } from '../context.ts';
import { customerExists } from './charges-repository.ts';

const TAX_CLASS = /^[a-z][a-z0-9_]{0,39}$/;

function example(currency: string): string {
  return minorToMajorText(149950, currency);
}

/** A non-negative amount; `positive` refuses zero. */
export function readAmount(problems: Problems, field: string, label: string, raw: unknown, currency: string, options: { positive?: boolean } = {}): number | undefined {
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  if (text === '') {
    problems.add(field, 'required', `${label} is required`);
    return undefined;
  }
  const minor = parseMajorAmount(text, currency);
  if (minor === undefined) {
    problems.add(field, 'format', `${label} must be an amount in ${currency} like ${example(currency)}`);
    return undefined;
  }
  if (options.positive && minor === 0) {
    problems.add(field, 'positive', `${label} must be more than zero`);
    return undefined;
  }
  return minor;
}

/** A signed amount ("-250.00" lowers the balance); zero is refused, it would change nothing. */
export function readSignedAmount(problems: Problems, field: string, label: string, raw: unknown, currency: string): number | undefined {
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  const negative = text.startsWith('-');
  const body = negative || text.startsWith('+') ? text.slice(1) : text;
  const minor = readAmount(problems, field, label, body, currency, { positive: true });
  if (minor === undefined) return undefined;
  return negative ? -minor : minor;
}

/** Required free text, 1 to `max` characters after trimming. */
export function readRequiredText(problems: Problems, field: string, label: string, raw: unknown, max: number): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') problems.add(field, 'required', `${label} is required`);
  else if (text.length > max) problems.add(field, 'max_length', `${label} must be at most ${max} characters`);
  return text;
}

export function readOptionalText(problems: Problems, field: string, label: string, raw: unknown, max: number): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text.length > max) problems.add(field, 'max_length', `${label} must be at most ${max} characters`);
  return text;
}

/** Whole units, 1 to 1,000,000 (the lines' CHECK); missing means 1. */
export function readQuantity(problems: Problems, field: string, raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return 1;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) {
    problems.add(field, 'range', 'Quantity must be a whole number from 1 to 1000000');
    return 1;
  }
  return n;
}

/** A tax class key; missing means 'standard'. A class with no rate is untaxed (tax-rules.ts). */
export function readTaxClass(problems: Problems, field: string, raw: unknown): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return 'standard';
  if (!TAX_CLASS.test(text)) problems.add(field, 'format', 'Tax class is lowercase letters, digits and _ (like standard or zero_rated)');
  return text;
}

/** An optional uuid; a malformed one is a problem, empty is null. */
export function readOptionalId(problems: Problems, field: string, label: string, raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string' || !isUuid(raw)) {
    problems.add(field, 'format', `${label} is not a valid id`);
    return null;
  }
  return raw;
}

export function readRequiredId(problems: Problems, field: string, label: string, raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') {
    problems.add(field, 'required', `${label} is required`);
    return null;
  }
  return readOptionalId(problems, field, label, raw);
}

/** The customer a billing action is for: required, and one of this tenant's customers. */
export async function readCustomerId(ctx: TenantContext, problems: Problems, raw: unknown): Promise<string | null> {
  const customerId = readRequiredId(problems, 'customerId', 'Customer', raw);
  if (customerId && !(await customerExists(ctx.trx, ctx.tenantId, customerId))) {
    problems.add('customerId', 'not_found', 'Pick a customer');
    return null;
  }
  return customerId;
}
