/**
 * The upload page's second step: import a checked file. The file row is locked for the whole
 * run, so a double click (or two people) cannot import it twice at once; a finished file
 * refuses a second run. Problems found now (the data changed since the dry run) leave
 * everything as it was and mark the file failed with the new report.
 */
import { isUuid, withTenant } from '../../db/tenancy.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { assertCan } from '../context.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { findImportFile, updateImportOutcome } from './import-files-repository.ts';
import { runImport, type ImportDeps, type ImportReport } from './run-import.ts';
import { UPLOAD_MAX_ROWS } from './upload-import-file.ts';

export async function runUploadedImport(deps: ImportDeps, input: { id: string }): Promise<ImportReport> {
  assertCan(deps.actor, 'imports.run');
  const file = isUuid(input.id) ? await withTenant(deps.db, deps.tenantId, (trx) => findImportFile(trx, deps.tenantId, input.id), { requestId: deps.requestId }) : undefined;
  if (!file) throw notFound('Import');
  if (file.status === 'imported') throw conflict('import_already_run', 'This file has already been imported');
  if (file.content === null && file.contentClearedAt) throw conflict('import_content_cleared', 'This file was removed after 7 days without being imported; upload it again');
  if (file.content === null) throw conflict('import_not_runnable', 'This import was not uploaded here, so there is no file to run');

  const report = await runImport({
    ...deps,
    type: file.type,
    text: file.content,
    dryRun: false,
    maxRows: UPLOAD_MAX_ROWS,
    onStart: async (ctx) => {
      const locked = await findImportFile(ctx.trx, ctx.tenantId, input.id, { forUpdate: true });
      if (locked?.status === 'imported') throw conflict('import_already_run', 'This file has already been imported');
    },
    onCommit: async (ctx, r) => {
      await updateImportOutcome(ctx.trx, ctx.tenantId, input.id, { status: 'imported', report: r, at: ctx.now(), actorLabel: ctx.actor.label });
      await recordAuditEvent(ctx, {
        action: 'import.completed',
        entityType: 'import_file',
        entityId: input.id,
        before: { status: file.status },
        after: { status: 'imported', type: file.type, fileName: file.fileName, rows: r.rows, created: r.created, alreadyImported: r.alreadyImported },
      });
    },
  });
  if (!report.committed) {
    await withTenant(
      deps.db,
      deps.tenantId,
      async (trx) => {
        await updateImportOutcome(trx, deps.tenantId, input.id, { status: 'failed', report, at: deps.now(), actorLabel: deps.actor.label });
        await recordAuditEvent({ ...deps, trx }, {
          action: 'import.failed',
          entityType: 'import_file',
          entityId: input.id,
          before: { status: file.status },
          after: { status: 'failed', problems: report.problems.length },
        });
      },
      { requestId: deps.requestId },
    );
  }
  return report;
}
