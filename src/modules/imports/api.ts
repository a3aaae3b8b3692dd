/**
 * /api/v1/imports: run an import by posting the CSV itself (Content-Type text/csv), and read
 * the import history. Same engine and rules as the upload page and `lastmile import`.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, ProblemSchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { STORED_PROBLEMS_MAX, type ImportFileView } from './import-files-repository.ts';
import { importCsv } from './import-csv.ts';
import { IMPORT_TYPES } from './importers.ts';
import type { ImportReport } from './run-import.ts';
import { getImport, listImports } from './list-imports.ts';
import { depsOf } from './import-deps.ts';
import { UPLOAD_MAX_BYTES, UPLOAD_MAX_ROWS } from './upload-import-file.ts';

const TypeSchema = Type.Union(IMPORT_TYPES.map((t) => Type.Literal(t)));
const StatusSchema = Type.Union([Type.Literal('checked'), Type.Literal('imported'), Type.Literal('failed')]);
const ProblemRowSchema = Type.Object({
  line: Type.Integer({ description: 'Line in the file (the header is line 1)' }),
  column: Type.String({ description: 'CSV column name; empty for the whole row' }),
  message: Type.String(),
});

/**
 * A 100,000-row file can have hundreds of thousands of problems (tens of MB of JSON): an
 * answer lists the first ones, as the page and the stored history do; the CLI lists all.
 */
const API_PROBLEMS_MAX = STORED_PROBLEMS_MAX;

const ImportReportSchema = Type.Object(
  {
    importId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'History entry of a real run; null for a dry run' }),
    type: TypeSchema,
    dryRun: Type.Boolean(),
    rows: Type.Integer(),
    created: Type.Integer({ description: 'Rows created (or that would be, in a dry run)' }),
    alreadyImported: Type.Integer({ description: 'Rows skipped because their external_ref was imported before' }),
    committed: Type.Boolean({ description: 'True when the rows were written' }),
    problemCount: Type.Integer({ description: 'Every problem found in the file' }),
    problems: Type.Array(ProblemRowSchema, { description: `The first ${API_PROBLEMS_MAX.toLocaleString('en')} problems, in file order` }),
    problemsTruncated: Type.Boolean({ description: 'True when problemCount is more than the problems listed' }),
  },
  { $id: 'ImportReport', description: 'Outcome of an import: all or nothing per file' },
);

const ImportSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    type: TypeSchema,
    source: Type.Union([Type.Literal('upload'), Type.Literal('api'), Type.Literal('cli')]),
    fileName: Type.String(),
    status: StatusSchema,
    rows: Type.Integer(),
    created: Type.Integer(),
    alreadyImported: Type.Integer(),
    problemCount: Type.Integer(),
    problems: Type.Array(ProblemRowSchema, { description: `The first ${STORED_PROBLEMS_MAX.toLocaleString('en')} problems of the latest run` }),
    problemsTruncated: Type.Boolean({ description: 'True when problemCount is more than the problems listed' }),
    uploadedBy: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    importedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    contentClearedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'When an uploaded file left unimported for 7 days was removed (it must be uploaded again); null otherwise',
    }),
  },
  { $id: 'Import', description: 'One import in the history' },
);
type ImportItem = Static<typeof ImportSchema>;

const RunQuerySchema = Type.Object({
  type: TypeSchema,
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Check only; nothing is written' })),
  fileName: Type.Optional(Type.String({ maxLength: 255, description: 'Name shown in the history' })),
});

const ListQuerySchema = Type.Composite([PageQuerySchema, Type.Object({ type: Type.Optional(TypeSchema), status: Type.Optional(StatusSchema) })]);

function present(f: ImportFileView): ImportItem {
  return {
    id: f.id,
    type: f.type,
    source: f.source,
    fileName: f.fileName,
    status: f.status,
    rows: f.rowCount,
    created: f.created,
    alreadyImported: f.alreadyImported,
    problemCount: f.problemCount,
    problems: f.problems,
    problemsTruncated: f.problems.length < f.problemCount,
    uploadedBy: f.actorLabel,
    createdAt: f.createdAt.toISOString(),
    importedAt: f.importedAt?.toISOString() ?? null,
    contentClearedAt: f.contentClearedAt?.toISOString() ?? null,
  };
}

function presentReport(report: ImportReport & { importId: string | null }): Static<typeof ImportReportSchema> {
  return {
    importId: report.importId,
    type: report.type,
    dryRun: report.dryRun,
    rows: report.rows,
    created: report.created,
    alreadyImported: report.alreadyImported,
    committed: report.committed,
    problemCount: report.problems.length,
    problems: report.problems.slice(0, API_PROBLEMS_MAX),
    problemsTruncated: report.problems.length > API_PROBLEMS_MAX,
  };
}

export async function importsApi(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: UPLOAD_MAX_BYTES }, (_request, body, done) => done(null, body));

  app.post<{ Querystring: Static<typeof RunQuerySchema>; Body: string }>(
    '/api/v1/imports',
    {
      onRequest: apiAuth('imports.run'),
      schema: {
        tags: ['imports'],
        summary: 'Import a CSV file (body text/csv, up to 5 MB). 200 for a dry run, 201 when imported, 422 with the report when any row has a problem (nothing written)',
        querystring: RunQuerySchema,
        consumes: ['text/csv'],
        body: Type.String({ description: 'The CSV file: a header row, then one row per record (UTF-8)' }),
        response: { 200: ImportReportSchema, 201: ImportReportSchema, ...problemResponses, 422: Type.Union([ImportReportSchema, ProblemSchema]) },
      },
    },
    async (request, reply) => {
      const { type, dryRun = false, fileName = '' } = request.query;
      const text = typeof request.body === 'string' ? request.body : '';
      const report = await importCsv(depsOf(request), { type, text, fileName, dryRun, source: 'api', maxRows: UPLOAD_MAX_ROWS });
      const status = report.problems.length > 0 && !dryRun ? 422 : dryRun ? 200 : 201;
      return reply.status(status).send(presentReport(report));
    },
  );

  app.get<{ Querystring: Static<typeof ListQuerySchema> }>(
    '/api/v1/imports',
    {
      onRequest: apiAuth('imports.run'),
      schema: { tags: ['imports'], summary: 'Import history, newest first', querystring: ListQuerySchema, response: { 200: pageOf(ImportSchema), ...problemResponses } },
    },
    async (request) => {
      const { limit = 50, cursor, type, status } = request.query;
      const page = await inTenant(request, (ctx) => listImports(ctx, { limit, cursor, type, status, dir: 'desc' }));
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/imports/:id',
    {
      onRequest: apiAuth('imports.run'),
      schema: { tags: ['imports'], summary: 'One import with its problems', params: IdParamsSchema, response: { 200: ImportSchema, ...problemResponses } },
    },
    async (request) => present(await inTenant(request, (ctx) => getImport(ctx, { id: request.params.id }))),
  );
}
