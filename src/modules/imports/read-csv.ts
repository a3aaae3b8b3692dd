/**
 * Reads an import file into rows keyed by column name, remembering the line each row starts
 * on, so every problem can point at "line 14, column area_code" in the file as people see it
 * in a text editor (the header is line 1; a quoted value spanning lines counts each line).
 */
import { parse } from 'csv-parse/sync';

export interface CsvRow {
  /** Line in the file where the row starts. */
  line: number;
  /** Values by normalised column name; trimmed, empty string when blank. */
  values: Record<string, string>;
  /** How many fields the row had, to spot rows with more or fewer fields than the header. */
  fieldCount: number;
}

export interface CsvTable {
  /** Normalised header names, in file order. */
  columns: string[];
  rows: CsvRow[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** "Area Code", "area-code" and "AREA_CODE" all name the column area_code. */
export function normaliseColumn(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

const SYNTAX_MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'A quoted value in the row starting here is never closed (a " is missing)',
  CSV_INVALID_CLOSING_QUOTE: 'A " inside a value must be written twice ("") or the whole value quoted',
};

const LINE_BREAK = /\r\n|\r|\n/g;

export function readCsv(text: string): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  // Where the last good record ended: an unclosed quote is only noticed at the end of the
  // file, so the row it broke is the one after this.
  let lastGoodLine = 0;
  // Spreadsheets and hand edits mix line endings. csv-parse counts a CRLF inside a quoted
  // value as two lines when '\r' is also a record delimiter, so line numbers drift; one
  // ending everywhere keeps them true (and stores multi-line notes with plain \n).
  const normalised = text.replace(LINE_BREAK, '\n');
  try {
    records = parse(normalised, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      on_record: (record: string[], context: { lines: number }) => {
        lastGoodLine = context.lines;
        return record;
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { code?: string; lines?: number };
    const unclosed = e.code === 'CSV_QUOTE_NOT_CLOSED';
    const line = unclosed ? lastGoodLine + 1 : typeof e.lines === 'number' ? e.lines : 1;
    throw new CsvSyntaxError(SYNTAX_MESSAGES[e.code ?? ''] ?? 'This is not a valid CSV file', line);
  }
  const [header, ...body] = records;
  if (!header) return { columns: [], rows: [] };
  const columns = header.record.map(normaliseColumn);
  const rows = body.map(({ record, info }) => {
    // info.lines is the line the record ends on; quoted line breaks move its start up.
    const spanned = record.reduce((n, value) => n + (value.match(LINE_BREAK)?.length ?? 0), 0);
    const values: Record<string, string> = {};
    columns.forEach((column, i) => {
      if (column !== '' && values[column] === undefined) values[column] = record[i] ?? '';
    });
    return { line: info.lines - spanned, values, fieldCount: record.length };
  });
  return { columns, rows };
}
