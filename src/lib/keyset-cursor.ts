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

export function decodeTimeIdCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  const key = decodeCursor(cursor, 2);
  if (!key) return undefined;
  const [at, id] = key;
  if (typeof at !== 'string' || !PG_TIMESTAMPTZ.test(at) || typeof id !== 'string' || !isUuid(id)) {
    throw new AppError(400, 'invalid_cursor', 'cursor is not one this API returned', [{ field: 'cursor', rule: 'format', message: 'cursor is not valid' }]);
  }
  return { at, id };
}
