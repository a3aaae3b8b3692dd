/** The import history (newest first) and one import with its report. */
import { isUuid } from '../../db/tenancy.ts';
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findImportFile, listImportFiles, type HistoryFilter, type ImportFileView } from './import-files-repository.ts';

export async function listImports(ctx: TenantContext, filter: HistoryFilter): Promise<{ items: ImportFileView[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'imports.run');
  return listImportFiles(ctx.trx, ctx.tenantId, filter);
}

export async function getImport(ctx: TenantContext, input: { id: string }): Promise<ImportFileView> {
  assertCan(ctx.actor, 'imports.run');
  const file = isUuid(input.id) ? await findImportFile(ctx.trx, ctx.tenantId, input.id) : undefined;
  if (!file) throw notFound('Import');
  const { content: _content, ...view } = file;
  return view;
}
