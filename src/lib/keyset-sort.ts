/**
 * Sortable lists with cursor pagination. A list offers a few sort keys; each is an SQL
 * expression with a type. The cursor carries the last row's key as the text PostgreSQL
 * printed (`expr::text`, exact for timestamps and numbers) plus its id, and the next page is
 * `(expr, id) > (cast(key as type), id)`, so pages never skip or repeat rows.
 *
 * Usage:
 *   const key = SORTS[sortName];
 *   query.select(sortKeySelection(key)).where(afterCursor(key, 'c.id', dir, decodeSortCursor(cursor, key)))
 *        .orderBy(key.expr, dir).orderBy('c.id', dir).limit(limit + 1)
 *   pageFrom(rows, limit, (r) => [r.sort_key, r.id])
 */
import { sql, type AliasedRawBuilder, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { isUuid } from '../db/tenancy.ts';
import { decodeCursor } from './cursor.ts';
import { AppError } from './errors.ts';
import { validTimestampFields } from './keyset-cursor.ts';
import { parseCalendarDate } from './zoned-time.ts';

export type SortType = 'text' | 'bigint' | 'integer' | 'timestamptz' | 'date';

export interface SortKey {
  /** A non-null SQL expression (wrap nullable columns in coalesce). */
  expr: RawBuilder<unknown>;
  type: SortType;
}

export type SortDirection = 'asc' | 'desc';

export function sortDirection(raw: unknown, fallback: SortDirection = 'asc'): SortDirection {
  return raw === 'asc' || raw === 'desc' ? raw : fallback;
}

/** Select this as `sort_key` so the page's last row can become the cursor. */
export function sortKeySelection(key: SortKey): AliasedRawBuilder<string, 'sort_key'> {
  return sql<string>`(${key.expr})::text`.as('sort_key');
}

/** Whether a cursor's key text casts cleanly to the sort type (a forged one must be a 400, not a 500). */
function keyFits(text: string, type: SortType): boolean {
  switch (type) {
    case 'text':
      return text.length <= 500;
    case 'integer':
      return /^-?\d{1,9}$/.test(text);
    case 'bigint':
      return /^-?\d{1,18}$/.test(text);
    case 'date':
      return parseCalendarDate(text) !== undefined;
    case 'timestamptz':
      return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/.test(text) && validTimestampFields(text);
  }
}

export function decodeSortCursor(cursor: string | undefined, sortKey: SortKey): { key: string; id: string } | undefined {
  const decoded = decodeCursor(cursor, 2);
  if (!decoded) return undefined;
  const [key, id] = decoded;
  if (typeof key !== 'string' || !keyFits(key, sortKey.type) || typeof id !== 'string' || !isUuid(id)) {
    throw new AppError(400, 'invalid_cursor', 'cursor is not one this API returned', [{ field: 'cursor', rule: 'format', message: 'cursor is not valid' }]);
  }
  return { key, id };
}

/** The WHERE condition for rows after the cursor; `true` on the first page. */
export function afterCursor(key: SortKey, idColumn: string, direction: SortDirection, after: { key: string; id: string } | undefined): Expression<SqlBool> {
  if (!after) return sql<SqlBool>`true`;
  const cast = sql.raw(key.type);
  const op = sql.raw(direction === 'asc' ? '>' : '<');
  return sql<SqlBool>`((${key.expr}), ${sql.ref(idColumn)}) ${op} (cast(${after.key} as ${cast}), cast(${after.id} as uuid))`;
}
