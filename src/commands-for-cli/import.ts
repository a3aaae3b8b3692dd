/**
 * `lastmile import TYPE FILE --tenant SLUG [--dry-run]`
 * Runs a CSV import for one tenant as its system actor (the audit log says "import"). Every
 * problem is printed as "line N, column: message"; the exit code is 0 when the file went
 * through (or a dry run found nothing wrong) and 1 when it had problems (nothing written).
 */
import fs from 'node:fs';
import path from 'node:path';
import { withPlatform } from '../db/tenancy.ts';
import type { Database } from '../db/database.ts';
import { importCsv } from '../modules/imports/import-csv.ts';
import { IMPORT_TYPES, isImportType } from '../modules/imports/importers.ts';
import { importSystemActor, type ImportReport } from '../modules/imports/run-import.ts';
import { CliError } from './cli-error.ts';
import { createProgress } from './import-progress.ts';
import { openRuntime } from './open-runtime.ts';

export interface ImportArgs {
  positionals: string[];
  tenant: string | undefined;
  dryRun: boolean;
}

const USAGE = `usage: lastmile import TYPE FILE --tenant SLUG [--dry-run]  (TYPE: ${IMPORT_TYPES.join(', ')})`;

export async function importCommand(args: ImportArgs): Promise<void> {
  const [type, file, ...extra] = args.positionals;
  if (!type || !file || extra.length > 0) throw new CliError(USAGE, 2);
  if (!isImportType(type)) throw new CliError(`unknown import type "${type}"; choose one of ${IMPORT_TYPES.join(', ')}`, 2);
  if (!args.tenant) throw new CliError(`--tenant is required\n${USAGE}`, 2);
  const text = readFile(file);

  const runtime = await openRuntime({ migrate: true, quiet: true });
  try {
    const tenant = await findTenant(runtime.db, args.tenant);
    const progress = createProgress(args.dryRun ? 'Checking' : 'Importing');
    let report: ImportReport;
    try {
      report = await importCsv(
        { db: runtime.db, tenantId: tenant.id, actor: importSystemActor(), now: () => new Date() },
        { type, text, fileName: path.basename(file), dryRun: args.dryRun, source: 'cli', onProgress: (done, total) => progress.update(done, total) },
      );
    } finally {
      progress.finish();
    }
    for (const p of report.problems) console.log(`line ${p.line}${p.column ? `, ${p.column}` : ''}: ${p.message}`);
    console.log(summary(report, path.basename(file), tenant.name));
    if (report.problems.length > 0) process.exitCode = 1;
  } finally {
    await runtime.db.close();
  }
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`cannot read ${file}: no such file`);
    if (code === 'EISDIR') throw new CliError(`cannot read ${file}: it is a directory`);
    if (code === 'EACCES') throw new CliError(`cannot read ${file}: permission denied`);
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

async function findTenant(db: Database, slug: string): Promise<{ id: string; name: string }> {
  const tenant = await withPlatform(db, (trx) => trx.selectFrom('tenants').select(['id', 'name', 'status']).where('slug', '=', slug.trim().toLowerCase()).executeTakeFirst());
  if (!tenant) throw new CliError(`no company has the slug "${slug}" (the slug is in the app's address after sign-up, e.g. bayan-fiber)`);
  if (tenant.status !== 'active') throw new CliError(`${tenant.name} (${slug}) is suspended; nothing was imported`);
  return tenant;
}

export function summary(report: ImportReport, fileName: string, tenantName: string): string {
  const rows = `${report.rows} row${report.rows === 1 ? '' : 's'}`;
  const problemRows = report.problems.length;
  if (problemRows > 0) {
    const lines = new Set(report.problems.map((p) => p.line)).size;
    return `${fileName}: ${problemRows} problem${problemRows === 1 ? '' : 's'} on ${lines} line${lines === 1 ? '' : 's'} (${rows}); nothing was imported into ${tenantName}.`;
  }
  if (report.dryRun) return `Dry run of ${fileName}: ${rows}, ${report.created} would be created, ${report.alreadyImported} already imported, no problems. Nothing was changed.`;
  return `Imported ${fileName} into ${tenantName}: ${rows}, ${report.created} created, ${report.alreadyImported} already imported.`;
}
