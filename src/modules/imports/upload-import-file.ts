/**
 * The upload page's first step: keep the file and dry-run it. The file is stored in
 * import_files (RLS-guarded like any tenant data) so the import button runs exactly the
 * checked file, without a second upload and without a large hidden form field.
 */
import type { ImportType } from '../../db/schema.ts';
import { withTenant } from '../../db/tenancy.ts';
import { fieldError } from '../../lib/errors.ts';
import { assertCan } from '../context.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { insertImportFile, type ImportFileView } from './import-files-repository.ts';
import { isImportType } from './importers.ts';
import { runImport, type ImportDeps } from './run-import.ts';

/** Upload cap: about 50,000 customer rows, checked in one request. */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;
/** Row cap for uploads and the API, twice what 5 MB of real customer rows holds (read-csv.ts CsvLimits). */
export const UPLOAD_MAX_ROWS = 100_000;

export interface UploadImportFileInput {
  type: string;
  fileName: string;
  /** The file's bytes; undefined when no file was chosen; longer than the cap when too big. */
  bytes: Buffer | undefined;
}

export async function uploadImportFile(deps: ImportDeps, input: UploadImportFileInput): Promise<ImportFileView> {
  assertCan(deps.actor, 'imports.run');
  if (!isImportType(input.type)) throw fieldError('type', 'enum', 'Choose what the file holds');
  const type: ImportType = input.type;
  if (!input.bytes || input.bytes.length === 0) throw fieldError('file', 'required', 'Choose a CSV file to upload');
  if (input.bytes.length > UPLOAD_MAX_BYTES) throw fieldError('file', 'max_size', `The file is larger than ${UPLOAD_MAX_BYTES / 1024 / 1024} MB; split it into several files`);
  const text = input.bytes.toString('utf8');
  if (text.includes('\u0000') || text.includes('\uFFFD')) throw fieldError('file', 'format', 'This is not a CSV text file in UTF-8; save it from the spreadsheet as "CSV UTF-8"');

  const report = await runImport({ ...deps, type, text, dryRun: true, maxRows: UPLOAD_MAX_ROWS });
  return withTenant(
    deps.db,
    deps.tenantId,
    async (trx) => {
      const ctx = { ...deps, trx };
      const file = await insertImportFile(trx, deps.tenantId, {
        type,
        source: 'upload',
        fileName: input.fileName,
        content: text,
        sizeBytes: input.bytes!.length,
        status: 'checked',
        actor: deps.actor,
        at: deps.now(),
        report,
      });
      await recordAuditEvent(ctx, {
        action: 'import.checked',
        entityType: 'import_file',
        entityId: file.id,
        after: { type, fileName: file.fileName, rows: report.rows, alreadyImported: report.alreadyImported, problems: report.problems.length },
      });
      return file;
    },
    { requestId: deps.requestId },
  );
}
