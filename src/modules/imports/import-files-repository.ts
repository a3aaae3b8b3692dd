/** import_files: uploaded files waiting to be imported, and the history of every import run. */
import { sql } from 'kysely';
import type { ImportSource, ImportStatus, ImportType } from '../../db/schema.ts';
import type { TenantTx } from '../../db/tenancy.ts';
import { pageFrom } from '../../lib/cursor.ts';
import { afterCursor, decodeSortCursor, sortKeySelection, type SortDirection, type SortKey } from '../../lib/keyset-sort.ts';
import type { Actor } from '../context.ts';
import type { RowProblem } from './importer.ts';
import type { ImportReport } from './run-import.ts';

/** The most problems kept with a file; the CLI and API report every one of them. */
export const STORED_PROBLEMS_MAX = 1000;

export interface ImportFileView {
  id: string;
  type: ImportType;
  source: ImportSource;
  fileName: string;
  sizeBytes: number;
  rowCount: number;
  status: ImportStatus;
  created: number;
  alreadyImported: number;
  problemCount: number;
  problems: RowProblem[];
  actorLabel: string;
  createdAt: Date;
  importedAt: Date | null;
  importedByLabel: string;
  hasContent: boolean;
  /** Set when housekeeping dropped a file left unimported: it must be uploaded again. */
  contentClearedAt: Date | null;
}

const COLUMNS = [
  'id',
  'import_type',
  'source',
  'file_name',
  'size_bytes',
  'row_count',
  'status',
  'created_count',
  'skipped_count',
  'problem_count',
  'problems',
  'actor_label',
  'created_at',
  'imported_at',
  'imported_by_label',
  'content_cleared_at',
] as const;

type Row = {
  id: string;
  import_type: ImportType;
  source: ImportSource;
  file_name: string;
  size_bytes: number;
  row_count: number;
  status: ImportStatus;
  created_count: number;
  skipped_count: number;
  problem_count: number;
  problems: unknown;
  actor_label: string;
  created_at: Date;
  imported_at: Date | null;
  imported_by_label: string;
  content_cleared_at: Date | null;
  has_content: boolean;
};

function view(row: Row): ImportFileView {
  return {
    id: row.id,
    type: row.import_type,
    source: row.source,
    fileName: row.file_name,
    sizeBytes: row.size_bytes,
    rowCount: row.row_count,
    status: row.status,
    created: row.created_count,
    alreadyImported: row.skipped_count,
    problemCount: row.problem_count,
    problems: Array.isArray(row.problems) ? (row.problems as RowProblem[]) : [],
    actorLabel: row.actor_label,
    createdAt: row.created_at,
    importedAt: row.imported_at,
    importedByLabel: row.imported_by_label,
    hasContent: row.has_content,
    contentClearedAt: row.content_cleared_at,
  };
}

/** The outcome columns of a run, as written after a dry run, an import or a failed import. */
export function outcomeOf(report: ImportReport): { row_count: number; created_count: number; skipped_count: number; problem_count: number; problems: string } {
  return {
    row_count: report.rows,
    created_count: report.created,
    skipped_count: report.alreadyImported,
    problem_count: report.problems.length,
    problems: JSON.stringify(report.problems.slice(0, STORED_PROBLEMS_MAX)),
  };
}

export async function insertImportFile(
  trx: TenantTx,
  tenantId: string,
  values: { type: ImportType; source: ImportSource; fileName: string; content: string | null; sizeBytes: number; status: ImportStatus; actor: Actor; at: Date; report: ImportReport },
): Promise<ImportFileView> {
  const imported = values.status === 'imported';
  const row = await trx
    .insertInto('import_files')
    .values({
      tenant_id: tenantId,
      import_type: values.type,
      source: values.source,
      file_name: values.fileName.slice(0, 255),
      content: values.content,
      size_bytes: values.sizeBytes,
      status: values.status,
      ...outcomeOf(values.report),
      actor_type: values.actor.type,
      actor_id: values.actor.id,
      actor_label: values.actor.label.slice(0, 200),
      created_at: values.at,
      imported_at: imported ? values.at : null,
      imported_by_label: imported ? values.actor.label.slice(0, 200) : '',
    })
    .returning([...COLUMNS, sql<boolean>`content is not null`.as('has_content')])
    .executeTakeFirstOrThrow();
  return view(row);
}

export async function findImportFile(trx: TenantTx, tenantId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<(ImportFileView & { content: string | null }) | undefined> {
  let query = trx
    .selectFrom('import_files')
    .select([...COLUMNS, 'content', sql<boolean>`content is not null`.as('has_content')])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? { ...view(row), content: row.content } : undefined;
}

export async function updateImportOutcome(trx: TenantTx, tenantId: string, id: string, values: { status: ImportStatus; report: ImportReport; at: Date; actorLabel: string }): Promise<void> {
  const imported = values.status === 'imported';
  await trx
    .updateTable('import_files')
    .set({
      status: values.status,
      ...outcomeOf(values.report),
      // Once imported the file is not needed to run again: its rows live in their tables, and
      // subscribers' personal data should not linger in a second copy.
      ...(imported ? { imported_at: values.at, imported_by_label: values.actorLabel.slice(0, 200), content: null } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export const HISTORY_SORT: SortKey = { expr: sql`f.created_at`, type: 'timestamptz' };

export interface HistoryFilter {
  type?: ImportType | undefined;
  status?: ImportStatus | undefined;
  dir: SortDirection;
  limit: number;
  cursor?: string | undefined;
}

/** Newest first by default; limit+1 rows are read to know whether a next page exists. */
export async function listImportFiles(trx: TenantTx, tenantId: string, filter: HistoryFilter): Promise<{ items: ImportFileView[]; nextCursor: string | null }> {
  let query = trx
    .selectFrom('import_files as f')
    .select([...COLUMNS.map((c) => `f.${c}` as const), sql<boolean>`f.content is not null`.as('has_content'), sortKeySelection(HISTORY_SORT)])
    .where('f.tenant_id', '=', tenantId)
    .where(afterCursor(HISTORY_SORT, 'f.id', filter.dir, decodeSortCursor(filter.cursor, HISTORY_SORT)));
  if (filter.type) query = query.where('f.import_type', '=', filter.type);
  if (filter.status) query = query.where('f.status', '=', filter.status);
  const rows = await query.orderBy(HISTORY_SORT.expr, filter.dir).orderBy('f.id', filter.dir).limit(filter.limit + 1).execute();
  const page = pageFrom(rows, filter.limit, (r) => [r.sort_key, r.id]);
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}

/**
 * Drops the content of uploaded files created before `createdBefore` that were never
 * imported (checked or failed), keeping the row and its report. Returns how many.
 */
export async function clearStaleImportContent(trx: TenantTx, tenantId: string, createdBefore: Date, at: Date): Promise<number> {
  const result = await trx
    .updateTable('import_files')
    .set({ content: null, content_cleared_at: at })
    .where('tenant_id', '=', tenantId)
    .where('content', 'is not', null)
    .where('status', '!=', 'imported')
    .where('created_at', '<', createdBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
