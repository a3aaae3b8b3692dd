/**
 * Cursors for lists ordered by (timestamp desc, id desc). The timestamp travels as the text
 * PostgreSQL printed for it (`column::text`), which keeps microseconds that a JS Date would
 * drop, so the next page starts exactly after the last row.
 */
import { isUuid } from '../db/tenancy.ts';
import { AppError } from './errors.ts';
import { decodeCursor } from './cursor.ts';

/** timestamptz::text under DateStyle ISO, e.g. "2026-11-27 03:00:00.123456+00". */
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

/**
 * Whether the date, time and offset in a timestamp are ones PostgreSQL accepts: the patterns
 * above check only the shape, and "2026-13-45 99:00:00" cast to timestamptz is an error.
 */
export function validTimestampFields(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2})(?::(\d{2}))?(?::\d{2})?)$/.exec(text);
  if (!m) return false;
  const n = (i: number) => Number(m[i] ?? 0);
  const year = n(1);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][n(2) - 1] ?? 0;
  return year >= 1 && n(3) >= 1 && n(3) <= days && n(4) <= 23 && n(5) <= 59 && n(6) <= 59 && n(7) <= 15 && n(8) <= 59;
}

export function decodeTimeIdCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  const key = decodeCursor(cursor, 2);
  if (!key) return undefined;
  const [at, id] = key;
  if (typeof at !== 'string' || !PG_TIMESTAMPTZ.test(at) || !validTimestampFields(at) || typeof id !== 'string' || !isUuid(id)) {
    throw new AppError(400, 'invalid_cursor', 'cursor is not one this API returned', [{ field: 'cursor', rule: 'format', message: 'cursor is not valid' }]);
  }
  return { at, id };
}
