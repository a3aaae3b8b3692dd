/**
 * Cursor pagination: an opaque base64url JSON of the last row's sort key. Lists order by a
 * stable key ending in the id, so pages never skip or repeat rows when others are inserted.
 */
import { AppError } from './errors.ts';

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, length: number): unknown[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length) return key;
  } catch {
    // fall through to the error below
  }
  throw new AppError(400, 'invalid_cursor', 'cursor is not one this API returned', [{ field: 'cursor', rule: 'format', message: 'cursor is not valid' }]);
}

/** Given limit+1 fetched rows, returns the page and the cursor for the next one. */
export function pageFrom<T>(rows: T[], limit: number, keyOf: (row: T) => unknown[]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
