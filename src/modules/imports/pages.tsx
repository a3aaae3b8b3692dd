/**
 * /app/imports: upload a CSV file, see its dry-run report (line, column, problem), import it
 * with one click, and browse past imports. Same engine as `lastmile import`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { ImportStatus } from '../../db/schema.ts';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { sendCsv } from '../../http/csv-export.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { fieldMessages } from '../../views/layout.tsx';
import type { ListParams } from '../../views/list-controls.tsx';
import { findZone } from '../settings/settings-repository.ts';
import type { ImportFileView } from './import-files-repository.ts';
import { ImportReportPage, ImportsPage, STATUS_LABELS } from './import-views.tsx';
import { IMPORTERS, isImportType } from './importers.ts';
import { getImport, listImports } from './list-imports.ts';
import { depsOf } from './import-deps.ts';
import { runUploadedImport } from './run-uploaded-import.ts';
import { UPLOAD_MAX_BYTES, uploadImportFile } from './upload-import-file.ts';
import { firstText as text } from '../../http/form-values.ts';

const PAGE_SIZE = 50;
/** CSV export of the history: every matching import up to this many. */
const EXPORT_MAX = 100_000;


function asStatus(value: string | undefined): ImportStatus | undefined {
  return value === 'checked' || value === 'imported' || value === 'failed' ? value : undefined;
}

interface UploadState {
  type?: string | undefined;
  errors: Record<string, string>;
  message?: string | undefined;
}

async function showList(request: FastifyRequest, reply: FastifyReply, upload: UploadState = { errors: {} }, status = 200): Promise<FastifyReply> {
  const query = request.query as Record<string, unknown>;
  const type = text(query.type);
  const params: ListParams = {
    type: isImportType(type) ? type : undefined,
    status: asStatus(text(query.status)),
    dir: text(query.dir) === 'asc' ? 'asc' : undefined,
    cursor: text(query.cursor),
  };
  const filter = { type: isImportType(type) ? type : undefined, status: asStatus(params.status), dir: params.dir === 'asc' ? ('asc' as const) : ('desc' as const) };
  const csv = text(query.format) === 'csv';
  const data = await inTenant(request, async (ctx) => ({
    page: await listImports(ctx, { ...filter, limit: csv ? EXPORT_MAX : PAGE_SIZE, cursor: csv ? undefined : params.cursor }),
    zone: await findZone(ctx.trx, ctx.tenantId),
  }));
  if (csv) return sendCsv(reply, 'imports', HISTORY_CSV, data.page.items, calendarDateIn(request.server.clock(), data.zone.timeZone));
  return renderPage(
    reply.status(status),
    <ImportsPage principal={request.principal as StaffPrincipal} items={data.page.items} nextCursor={data.page.nextCursor} params={params} zone={data.zone} upload={upload} />,
  );
}

const HISTORY_CSV = [
  { header: 'created_at', value: (f: ImportFileView) => f.createdAt.toISOString() },
  { header: 'type', value: (f: ImportFileView) => f.type },
  { header: 'source', value: (f: ImportFileView) => f.source },
  { header: 'file_name', value: (f: ImportFileView) => f.fileName },
  { header: 'uploaded_by', value: (f: ImportFileView) => f.actorLabel },
  { header: 'status', value: (f: ImportFileView) => STATUS_LABELS[f.status] },
  { header: 'rows', value: (f: ImportFileView) => f.rowCount },
  { header: 'created', value: (f: ImportFileView) => f.created },
  { header: 'already_imported', value: (f: ImportFileView) => f.alreadyImported },
  { header: 'problems', value: (f: ImportFileView) => f.problemCount },
  { header: 'imported_at', value: (f: ImportFileView) => f.importedAt?.toISOString() ?? '' },
  { header: 'imported_by', value: (f: ImportFileView) => f.importedByLabel },
];

interface UploadedFile {
  fileName: string;
  bytes: Buffer;
}

export async function importPages(app: FastifyInstance): Promise<void> {
  // Multipart only in this plugin. Fields land on request.body before the CSRF check runs;
  // one byte over the cap is read (not thrown) so the page can answer with a form message.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: UPLOAD_MAX_BYTES + 1, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
    async onFile(part: MultipartFile) {
      const uploaded: UploadedFile = { fileName: part.filename, bytes: await part.toBuffer() };
      (part as unknown as { value: UploadedFile }).value = uploaded;
    },
  });

  app.get('/app/imports', { schema: { hide: true }, onRequest: staffPage('imports.run') }, async (request, reply) => showList(request, reply));

  app.get('/app/imports/template', { schema: { hide: true }, onRequest: staffPage('imports.run') }, async (request, reply) => {
    const type = text((request.query as Record<string, unknown>).type);
    if (!isImportType(type)) throw new AppError(404, 'not_found', 'There is no import of that type');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${type}-template.csv"`)
      .send(`${IMPORTERS[type].columns.map((c) => c.name).join(',')}\r\n`);
  });

  app.post<{ Body: Record<string, unknown> }>('/app/imports', { schema: { hide: true }, onRequest: staffPage('imports.run') }, async (request, reply) => {
    const body = request.body ?? {};
    const type = typeof body.type === 'string' ? body.type : '';
    const file = body.file as UploadedFile | undefined;
    try {
      const saved = await uploadImportFile(depsOf(request), { type, fileName: file?.fileName ?? '', bytes: file?.bytes });
      return reply.redirect(`/app/imports/${saved.id}`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      return showList(request, reply, { type, errors: fieldMessages(err.fields), message: err.message }, 422);
    }
  });

  app.get<{ Params: { id: string } }>('/app/imports/:id', { schema: { hide: true }, onRequest: staffPage('imports.run') }, async (request, reply) => {
    const data = await inTenant(request, async (ctx) => ({ file: await getImport(ctx, { id: request.params.id }), zone: await findZone(ctx.trx, ctx.tenantId) }));
    const notice = text((request.query as Record<string, unknown>).notice);
    return renderPage(reply, <ImportReportPage principal={request.principal as StaffPrincipal} file={data.file} zone={data.zone} notice={notice} />);
  });

  app.post<{ Params: { id: string } }>('/app/imports/:id/run', { schema: { hide: true }, onRequest: staffPage('imports.run') }, async (request, reply) => {
    const report = await runUploadedImport(depsOf(request), { id: request.params.id });
    return reply.redirect(`/app/imports/${request.params.id}?notice=${report.committed ? 'imported' : 'failed'}`, 303);
  });
}
