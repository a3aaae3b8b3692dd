/**
 * Imports a CSV file in one go (CLI and API): dry run or real run. A real run is recorded in
 * the import history, committed with its rows, or on its own when the file had problems and
 * nothing was written. Dry runs change nothing at all, the history included.
 */
import type { ImportSource, ImportType } from '../../db/schema.ts';
import { withTenant } from '../../db/tenancy.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { TenantContext } from '../context.ts';
import { insertImportFile } from './import-files-repository.ts';
import { runImport, type ImportDeps, type ImportReport } from './run-import.ts';

export interface ImportCsvInput {
  type: ImportType;
  text: string;
  fileName: string;
  dryRun: boolean;
  source: Exclude<ImportSource, 'upload'>;
  /** Most data rows accepted (the API sets it); the CLI reads files of any size. */
  maxRows?: number | undefined;
  onProgress?: (done: number, total: number) => void;
}

export async function importCsv(deps: ImportDeps, input: ImportCsvInput): Promise<ImportReport & { importId: string | null }> {
  let importId: string | null = null;
  const record = async (ctx: TenantContext, report: ImportReport, status: 'imported' | 'failed') => {
    const file = await insertImportFile(ctx.trx, ctx.tenantId, {
      type: input.type,
      source: input.source,
      fileName: input.fileName,
      content: null,
      sizeBytes: Buffer.byteLength(input.text),
      status,
      actor: ctx.actor,
      at: ctx.now(),
      report,
    });
    importId = file.id;
    await recordAuditEvent(ctx, {
      action: status === 'imported' ? 'import.completed' : 'import.failed',
      entityType: 'import_file',
      entityId: file.id,
      after: { type: input.type, source: input.source, fileName: input.fileName, rows: report.rows, created: report.created, alreadyImported: report.alreadyImported, problems: report.problems.length },
    });
  };

  const report = await runImport({
    ...deps,
    type: input.type,
    text: input.text,
    dryRun: input.dryRun,
    maxRows: input.maxRows,
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    onCommit: (ctx, r) => record(ctx, r, 'imported'),
  });
  if (!input.dryRun && !report.committed) {
    await withTenant(deps.db, deps.tenantId, (trx) => record({ ...deps, trx }, report, 'failed'), { requestId: deps.requestId });
  }
  return { ...report, importId };
}
