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

/**
 * No importer has more than a few dozen columns, so a wider header can never import; refusing
 * it up front keeps a header of millions of commas from becoming millions of problems.
 */
export const MAX_COLUMNS = 200;

export interface CsvLimits {
  /**
   * Most data rows read; the parse stops at the first one beyond. Uploads and the API set it,
   * because their byte cap alone would let a file of tiny rows ("x\n" 2.5 million times in
   * 5 MB) take gigabytes of memory and a savepoint per row. The CLI reads files of any size.
   */
  maxRows?: number | undefined;
}

export function readCsv(text: string, limits: CsvLimits = {}): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  // Where the last good record ended: an unclosed quote is only noticed at the end of the
  // file, so the row it broke is the one after this.
  let lastGoodLine = 0;
  let recordsSeen = 0;
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
        recordsSeen += 1;
        // With info: true each record arrives wrapped as { record, info }, whatever the types say.
        const fields = (record as unknown as { record: string[] }).record;
        if (recordsSeen === 1 && fields.length > MAX_COLUMNS) {
          throw new CsvSyntaxError(`The header names ${fields.length} columns; an import file has at most ${MAX_COLUMNS}`, context.lines);
        }
        if (limits.maxRows !== undefined && recordsSeen - 1 > limits.maxRows) {
          throw new CsvSyntaxError(`The file has more than ${limits.maxRows.toLocaleString('en')} rows; split it into several files`, context.lines);
        }
        lastGoodLine = context.lines;
        return record;
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw err;
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
