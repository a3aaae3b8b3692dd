/**
 * The import engine shared by the CLI, the upload page and the API.
 *
 * All or nothing per file: the whole file runs in one tenant transaction, each row inside a
 * SAVEPOINT, so a bad row is rolled back on its own and the rows after it are still checked
 * (every problem of the file is reported in one pass). If any row has a problem, or this is
 * a dry run, the transaction is rolled back and nothing is written; otherwise it commits.
 * A dry run does the same work as the real run (rows see rows created earlier in the file),
 * so a clean dry run means the import will go through unless the data changes in between.
 *
 * Idempotent: every row carries an external_ref; a row whose ref already exists is counted
 * as already imported and skipped, so running the same file twice creates nothing new.
 */
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { ImportType } from '../../db/schema.ts';
import { withTenant } from '../../db/tenancy.ts';
import { forbidden } from '../../lib/errors.ts';
import { assertCan, type Actor, type TenantContext } from '../context.ts';
import { ALL_PERMISSIONS } from '../roles/permissions.ts';
import { RowProblems, type Importer, type RowProblem } from './importer.ts';
import { ImportLookups } from './import-lookups.ts';
import { IMPORTERS } from './importers.ts';
import { CsvSyntaxError, readCsv, type CsvTable } from './read-csv.ts';

export interface ImportReport {
  type: ImportType;
  dryRun: boolean;
  /** Data rows in the file (the header not counted). */
  rows: number;
  created: number;
  alreadyImported: number;
  /** Every problem, in file order: header problems first (line 1), then rows. */
  problems: RowProblem[];
  /** True when the rows were written: not a dry run and no problems. */
  committed: boolean;
}

/** Who runs an import, for which tenant: what the engine needs beyond the file. */
export interface ImportDeps {
  db: Database;
  tenantId: string;
  actor: Actor;
  now: () => Date;
  requestId?: string | undefined;
  ip?: string | undefined;
}

export interface RunImportOptions extends ImportDeps {
  type: ImportType;
  text: string;
  dryRun: boolean;
  /** Most data rows accepted (uploads and the API); none for the CLI. See CsvLimits. */
  maxRows?: number | undefined;
  onProgress?: (done: number, total: number) => void;
  /** Runs first inside the import's transaction (locks, checks); may throw to refuse. */
  onStart?: (ctx: TenantContext) => Promise<void>;
  /** Runs inside the import's transaction just before it commits (history, audit). */
  onCommit?: (ctx: TenantContext, report: ImportReport) => Promise<void>;
}

/** The actor of CLI imports: the tenant's system, with every permission; audit says "import". */
export function importSystemActor(): Actor {
  return { type: 'system', id: null, label: 'import', isOwner: false, permissions: new Set(ALL_PERMISSIONS) };
}

class RollBack extends Error {}

export async function runImport(options: RunImportOptions): Promise<ImportReport> {
  const importer = IMPORTERS[options.type];
  assertCan(options.actor, 'imports.run');
  const missing = importer.permissions.filter((p) => !options.actor.permissions.has(p));
  if (missing.length > 0) throw forbidden(`Importing ${importer.title.toLowerCase()} needs the permission ${missing.join(' and ')}`);

  const report: ImportReport = { type: options.type, dryRun: options.dryRun, rows: 0, created: 0, alreadyImported: 0, problems: [], committed: false };
  let table: CsvTable;
  try {
    table = readCsv(options.text, { maxRows: options.maxRows });
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    report.problems.push({ line: err.line, column: '', message: err.message });
    return report;
  }
  report.rows = table.rows.length;
  const fatal = checkHeader(importer, table, report.problems);
  if (fatal) return report;

  try {
    return await withTenant(
      options.db,
      options.tenantId,
      async (trx) => {
        const ctx: TenantContext = { tenantId: options.tenantId, actor: options.actor, trx, requestId: options.requestId, ip: options.ip, now: options.now };
        await options.onStart?.(ctx);
        await importRows(ctx, importer, table, report, options.onProgress);
        if (report.problems.length > 0 || options.dryRun) throw new RollBack();
        report.committed = true;
        await options.onCommit?.(ctx, report);
        return report;
      },
      { requestId: options.requestId },
    );
  } catch (err) {
    if (err instanceof RollBack) return report;
    throw err;
  }
}

/** Unknown, doubled and missing columns, reported once on line 1. True when rows cannot be read. */
function checkHeader(importer: Importer, table: CsvTable, problems: RowProblem[]): boolean {
  if (table.columns.length === 0) {
    problems.push({ line: 1, column: '', message: 'The file is empty: its first line must name the columns' });
    return true;
  }
  const known = new Set(importer.columns.map((c) => c.name));
  const seen = new Set<string>();
  let fatal = false;
  for (const column of table.columns) {
    if (column === '') problems.push({ line: 1, column: '', message: 'A column has no name in the header' });
    else if (seen.has(column)) problems.push({ line: 1, column, message: 'This column appears twice in the header' });
    else if (!known.has(column)) problems.push({ line: 1, column, message: `Unknown column for ${importer.type}; the columns are ${[...known].join(', ')}` });
    seen.add(column);
  }
  for (const column of importer.columns.filter((c) => c.required && !seen.has(c.name))) {
    problems.push({ line: 1, column: column.name, message: 'This column is required and missing from the header' });
    fatal = true;
  }
  for (const group of importer.oneOf ?? []) {
    if (!group.some((c) => seen.has(c))) {
      problems.push({ line: 1, column: group.join(' or '), message: `The header needs one of these columns: ${group.join(', ')}` });
      fatal = true;
    }
  }
  if (table.rows.length === 0) {
    problems.push({ line: 1, column: '', message: 'The file has a header but no rows' });
    fatal = true;
  }
  return fatal;
}

async function importRows(ctx: TenantContext, importer: Importer, table: CsvTable, report: ImportReport, onProgress?: (done: number, total: number) => void): Promise<void> {
  const settings = await ctx.trx.selectFrom('tenant_settings').select('currency').where('tenant_id', '=', ctx.tenantId).executeTakeFirstOrThrow();
  const lookups = new ImportLookups(ctx.trx, ctx.tenantId);
  const refLines = new Map<string, number>();
  const total = table.rows.length;

  for (const [index, row] of table.rows.entries()) {
    const problems = new RowProblems();
    if (row.fieldCount > table.columns.length) problems.add('', `This row has ${row.fieldCount} values but the header names ${table.columns.length} columns`);
    const externalRef = row.values.external_ref ?? '';
    const earlier = refLines.get(externalRef);
    if (externalRef === '') problems.add('external_ref', 'Required: a reference unique to this row, so a re-run can skip it');
    else if (earlier !== undefined) problems.add('external_ref', `Line ${earlier} already has this external_ref`);
    else if (await importer.alreadyImported(ctx, externalRef)) {
      report.alreadyImported += 1;
      refLines.set(externalRef, row.line);
      onProgress?.(index + 1, total);
      continue;
    }
    if (externalRef !== '' && earlier === undefined) refLines.set(externalRef, row.line);

    // The savepoint keeps a refused row (or one whose use case succeeded before another of
    // its checks failed) from leaving anything behind, and lets the transaction go on after
    // a database error in this row.
    await sql`savepoint import_row`.execute(ctx.trx);
    let outcome: void | 'adopted';
    try {
      outcome = await importer.importRow({ ctx, row, problems, lookups, externalRef, currency: settings.currency });
    } catch (err) {
      await sql`rollback to savepoint import_row`.execute(ctx.trx);
      throw err;
    }
    if (problems.any) await sql`rollback to savepoint import_row`.execute(ctx.trx);
    else if (outcome === 'adopted') report.alreadyImported += 1;
    else report.created += 1;
    await sql`release savepoint import_row`.execute(ctx.trx);

    for (const p of problems.list) report.problems.push({ line: row.line, column: p.column, message: p.message });
    onProgress?.(index + 1, total);
  }
}
