/**
 * CSV downloads of lists. Every list page links to its own URL with `format=csv`, which runs
 * the same query with the same filters and streams every matching row (not just one page).
 */
import type { FastifyReply } from 'fastify';
import { stringify } from 'csv-stringify/sync';

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  /**
   * A phone number: sent as it is when it holds only digits, spaces and + - ( ) . (no
   * function or reference can be built from those), so "+63 917 …" re-imports; anything
   * else is neutralised like every other cell.
   */
  verbatim?: boolean;
}

/**
 * A cell starting with = + - @ (or a tab/CR) is a formula to Excel and LibreOffice: a
 * subscriber named "=HYPERLINK(...)" must not run when staff open the export. Prefixing a
 * quote is the OWASP-recommended neutralisation; numbers are left alone.
 */
export function safeCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const NUMBER_LIKE = /^[0-9 +\-().]*$/;

export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const records = rows.map((row) =>
    columns.map((c) => {
      const value = c.value(row);
      return c.verbatim && typeof value === 'string' && NUMBER_LIKE.test(value) ? value : safeCell(value);
    }),
  );
  return stringify([columns.map((c) => c.header), ...records], { record_delimiter: '\r\n' });
}

/** Sends rows as an attachment named `<name>-<YYYY-MM-DD>.csv`. */
export function sendCsv<T>(reply: FastifyReply, name: string, columns: readonly CsvColumn<T>[], rows: readonly T[], today: string): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${today}.csv"`)
    .header('cache-control', 'no-store')
    .send(toCsv(columns, rows));
}
