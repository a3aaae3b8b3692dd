/**
 * Input rules shared by the plant use cases (LCP, splitter, NAP). Each adds to `Problems`
 * instead of throwing, so a form shows every wrong field at once. Numbers arrive as numbers
 * from the API and the importer, and as text from forms: both are read here.
 */
import { isUuid } from '../../db/tenancy.ts';
import { cleanText, type Problems } from '../../lib/validate.ts';

/** A short identifier printed on the cabinet or box: required, at most 40 characters. */
export function readCode(problems: Problems, field: string, label: string, raw: unknown): string {
  const code = cleanText(raw);
  if (code === '') problems.add(field, 'required', `${label} is required`);
  else if (code.length > 40) problems.add(field, 'max_length', `${label} must be at most 40 characters`);
  return code;
}

/** Free text kept as typed (line breaks matter in notes), trimmed, with a length limit. */
export function readText(problems: Problems, field: string, label: string, raw: unknown, max: number): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text.length > max) problems.add(field, 'max_length', `${label} must be at most ${max} characters`);
  return text;
}

/** An optional reference to a row in another system; empty means none. */
export function readExternalRef(problems: Problems, raw: unknown): string | null {
  const ref = cleanText(raw);
  if (ref === '') return null;
  if (ref.length > 100) problems.add('externalRef', 'max_length', 'External reference must be at most 100 characters');
  return ref;
}

/**
 * A whole number within [min, max]. Returns undefined (after adding a problem) when it is
 * missing or wrong; `fallback` is used when the input is absent or empty.
 */
export function readWholeNumber(
  problems: Problems,
  field: string,
  label: string,
  raw: unknown,
  range: { min: number; max: number; fallback?: number },
): number | undefined {
  const value = wholeNumber(raw);
  if (value === null) {
    if (range.fallback !== undefined) return range.fallback;
    problems.add(field, 'required', `${label} is required`);
    return undefined;
  }
  if (value === undefined) {
    problems.add(field, 'type', `${label} must be a whole number`);
    return undefined;
  }
  if (value < range.min || value > range.max) {
    problems.add(field, 'range', `${label} must be from ${range.min} to ${range.max}`);
    return undefined;
  }
  return value;
}

/** Like readWholeNumber, but empty means "none" (null). */
export function readOptionalWholeNumber(problems: Problems, field: string, label: string, raw: unknown, range: { min: number; max: number }): number | null | undefined {
  if (wholeNumber(raw) === null) return null;
  return readWholeNumber(problems, field, label, raw, range);
}

/** null: absent or empty; undefined: present but not a whole number. */
function wholeNumber(raw: unknown): number | null | undefined {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (text === '') return null;
  return /^-?\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** An optional uuid reference (area, parent); empty means none. */
export function readOptionalId(problems: Problems, field: string, label: string, raw: unknown): string | null {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return null;
  if (!isUuid(text)) {
    problems.add(field, 'format', `${label} is not a valid choice`);
    return null;
  }
  return text.toLowerCase();
}

/** A required uuid reference (the parent of a splitter or NAP). */
export function readRequiredId(problems: Problems, field: string, label: string, raw: unknown): string | undefined {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') {
    problems.add(field, 'required', `${label} is required`);
    return undefined;
  }
  if (!isUuid(text)) {
    problems.add(field, 'format', `${label} is not a valid choice`);
    return undefined;
  }
  return text.toLowerCase();
}

export const SPLITTER_RATIOS = [2, 4, 8, 16, 32, 64] as const;

/** Numbers in a sentence: "7", "7 and 8", "3, 7 and 8". */
export function listNumbers(numbers: readonly (number | string)[]): string {
  const items = numbers.map(String);
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
