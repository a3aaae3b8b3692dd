/**
 * What every CSV importer is made of. An importer turns one row's text into the input of the
 * module's own create use case and calls it: validation lives in the use cases, and the
 * importer only converts text (numbers, money, lists) and resolves human keys (area code,
 * plan name, account number) to ids. Problems are collected per row under CSV column names.
 */
import type { ImportType } from '../../db/schema.ts';
import { uniqueViolationField } from '../../http/problem.ts';
import { AppError } from '../../lib/errors.ts';
import { parseMajorAmount } from '../../lib/money.ts';
import type { TenantContext } from '../context.ts';
import type { Permission } from '../roles/permissions.ts';
import type { CsvRow } from './read-csv.ts';
import type { ImportLookups } from './import-lookups.ts';

export interface ImportColumn {
  name: string;
  required?: boolean;
  /** One line for the docs and the upload page. */
  help: string;
}

export interface RowProblem {
  line: number;
  /** CSV column name; empty when the problem is about the whole row or file. */
  column: string;
  message: string;
}

export interface RowInput {
  ctx: TenantContext;
  row: CsvRow;
  problems: RowProblems;
  lookups: ImportLookups;
  /** The row's external_ref, checked present and new. */
  externalRef: string;
  /** Tenant currency, for money columns in major units. */
  currency: string;
}

export interface Importer {
  type: ImportType;
  title: string;
  /** Permissions the create use cases check; demanded up front so a file fails once, not per row. */
  permissions: Permission[];
  columns: ImportColumn[];
  /** Groups of columns of which the header must hold at least one (customer_ref or account_number). */
  oneOf?: string[][];
  /** Whether a row with this external ref was imported before (the run skips it). */
  alreadyImported(ctx: TenantContext, externalRef: string): Promise<boolean>;
  /**
   * Creates what the row describes, adding to `problems` instead of throwing for bad input.
   * 'adopted' means the row took over a record made by hand (it now carries the row's
   * external_ref): the run counts it as already imported, not created.
   */
  importRow(input: RowInput): Promise<void | 'adopted'>;
}

/** lowerCamel field names of use-case problems to snake_case CSV columns. */
export function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export class RowProblems {
  readonly list: { column: string; message: string }[] = [];

  add(column: string, message: string): void {
    if (!this.list.some((p) => p.column === column && p.message === message)) this.list.push({ column, message });
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  /**
   * Runs a use case. A 422 becomes one problem per field, on the column `columns` maps the
   * field to (else its snake_case name); a unique violation that raced past the use case's
   * own check, or a constraint the database enforces, becomes a problem too. Returns
   * undefined when the use case refused the row.
   */
  async call<T>(columns: Record<string, string>, run: () => Promise<T>): Promise<T | undefined> {
    // A column the importer already faulted (text that is not a number, an unknown area
    // code) was passed on empty; what the use case says about that emptiness is noise.
    const faulted = new Set(this.list.map((p) => p.column));
    const add = (field: string, message: string) => {
      const column = columnFor(columns, field);
      if (!faulted.has(column)) this.add(column, message);
    };
    try {
      return await run();
    } catch (err) {
      const unique = uniqueViolationField(err);
      if (err instanceof AppError && err.status === 422 && err.fields.length > 0) {
        for (const f of err.fields) add(f.field, f.message);
      } else if (unique) {
        add(unique.field, unique.message);
      } else if (err instanceof AppError && err.status !== 403 && err.status < 500) {
        add(err.fields[0]?.field ?? '', err.message);
      } else if (isDatabaseError(err)) {
        this.add('', `The database refused this row: ${(err as Error).message}`);
      } else {
        throw err;
      }
      return undefined;
    }
  }
}

function columnFor(columns: Record<string, string>, field: string): string {
  if (field === '') return '';
  const base = field.split('.')[0] ?? field;
  return columns[field] ?? columns[base] ?? snakeCase(base);
}

/** A PostgreSQL error (SQLSTATE in `code`): the row is refused, the run goes on. */
function isDatabaseError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

// ---- Converting cell text ------------------------------------------------------------

/** Empty cell -> undefined (the use case's default); otherwise the trimmed text. */
export function optional(row: CsvRow, column: string): string | undefined {
  const value = row.values[column];
  return value === undefined || value === '' ? undefined : value;
}

/** Empty cell -> null ("none"), missing column -> undefined. */
export function nullable(row: CsvRow, column: string): string | null | undefined {
  const value = row.values[column];
  if (value === undefined) return undefined;
  return value === '' ? null : value;
}

/** A whole number; empty -> undefined; text that is not one -> a problem and undefined. */
export function wholeNumber(input: RowInput, column: string): number | undefined {
  const text = optional(input.row, column);
  if (text === undefined) return undefined;
  if (!/^-?\d{1,9}$/.test(text.replace(/[,_]/g, ''))) {
    input.problems.add(column, 'Must be a whole number');
    return undefined;
  }
  return Number(text.replace(/[,_]/g, ''));
}

/** A list in one cell, separated by ";" or "|" (commas would fight the CSV itself). */
export function list(row: CsvRow, column: string): string[] | undefined {
  const text = optional(row, column);
  if (text === undefined) return undefined;
  return text
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** An amount in major units of the tenant currency ("1,499.00") -> minor units. */
export function money(input: RowInput, column: string): number | undefined {
  const text = optional(input.row, column);
  if (text === undefined) return undefined;
  const minor = parseMajorAmount(text, input.currency);
  if (minor === undefined) input.problems.add(column, `Must be an amount in ${input.currency}, like 1499.00`);
  return minor;
}
