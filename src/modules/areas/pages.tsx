/** /app/areas: the tree (customers.read), and adding, editing, (de)activating, deleting (areas.manage). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { sendCsv, type CsvColumn } from '../../http/csv-export.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { sortDirection } from '../../lib/keyset-sort.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { can } from '../context.ts';
import { findSettings } from '../settings/settings-repository.ts';
import { AreaEditPage, AreaListPage, AreaTreePage, type AreaFormValues, type FailedAdd } from './area-views.tsx';
import type { AreaView } from './areas-repository.ts';
import { createArea } from './create-area.ts';
import { deactivateArea } from './deactivate-area.ts';
import { deleteArea } from './delete-area.ts';
import { TREE_LIMIT, areaTree, getArea, isAreaSort, listAreas } from './list-areas.ts';
import { reactivateArea } from './reactivate-area.ts';
import { updateArea } from './update-area.ts';
import { ownValue } from '../../lib/own-value.ts';
import { firstText as text } from '../../http/form-values.ts';

const PAGE_SIZE = 50;
/** The CSV export holds every matching row up to this many (far above any real hierarchy). */
export const AREA_CSV_CAP = 100_000;

const NOTICES: Record<string, string> = {
  created: 'Area added.',
  updated: 'Area saved.',
  deactivated: 'Area deactivated, with every area below it.',
  reactivated: 'Area reactivated. Sub-areas that were deactivated with it stay inactive until you reactivate them.',
  deleted: 'Area deleted.',
};

const CSV_COLUMNS: CsvColumn<AreaView>[] = [
  { header: 'path', value: (a) => a.path },
  { header: 'name', value: (a) => a.name },
  { header: 'code', value: (a) => a.code },
  { header: 'kind', value: (a) => a.kind },
  { header: 'active', value: (a) => (a.active ? 'yes' : 'no') },
  { header: 'depth', value: (a) => a.depth },
  { header: 'external_ref', value: (a) => a.externalRef },
  { header: 'created_at', value: (a) => a.createdAt.toISOString() },
  { header: 'id', value: (a) => a.id },
  { header: 'parent_id', value: (a) => a.parentId },
];


function formValues(body: Record<string, unknown> | undefined): AreaFormValues {
  const b = body ?? {};
  return { name: text(b.name) ?? '', code: text(b.code) ?? '', kind: text(b.kind) ?? '', parentId: text(b.parentId) ?? '' };
}

function statusOf(err: unknown, ...statuses: number[]): err is AppError {
  return err instanceof AppError && statuses.includes(err.status);
}

async function renderTree(request: FastifyRequest, reply: FastifyReply, options: { notice?: string | undefined; error?: string; failed?: FailedAdd; status?: number } = {}) {
  const principal = request.principal as StaffPrincipal;
  const tree = await inTenant(request, (ctx) => areaTree(ctx));
  return renderPage(
    reply.status(options.status ?? 200),
    <AreaTreePage principal={principal} canManage={can(principal.actor, 'areas.manage')} {...tree} notice={options.notice} error={options.error} failed={options.failed} />,
  );
}

async function listPage(request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply): Promise<FastifyReply> {
  const principal = request.principal as StaffPrincipal;
  const query = request.query;
  const notice = ownValue(NOTICES, text(query.notice));
  const csv = text(query.format) === 'csv';
  const q = (text(query.q) ?? '').slice(0, 200);
  const activeText = text(query.active);
  const active = activeText === 'true' ? true : activeText === 'false' ? false : undefined;
  const sortText = text(query.sort);
  const flat = text(query.view) === 'list' || q !== '' || active !== undefined || sortText !== undefined;
  if (!flat && !csv) return renderTree(request, reply, { notice });

  const sort = isAreaSort(sortText) ? sortText : 'path';
  const dir = sortDirection(text(query.dir));
  const cursor = csv ? undefined : text(query.cursor);
  const data = await inTenant(request, async (ctx) => ({
    page: await listAreas(ctx, { q, active, sort, dir, cursor, limit: csv ? AREA_CSV_CAP : PAGE_SIZE }),
    settings: await findSettings(ctx.trx, ctx.tenantId),
  }));
  if (csv) return sendCsv(reply, 'areas', CSV_COLUMNS, data.page.items, calendarDateIn(request.server.clock(), data.settings.timeZone));
  return renderPage(
    reply,
    <AreaListPage
      principal={principal}
      canManage={can(principal.actor, 'areas.manage')}
      notice={notice}
      items={data.page.items}
      nextCursor={data.page.nextCursor}
      params={{ view: 'list', q, active: activeText === 'true' || activeText === 'false' ? activeText : undefined, sort, dir, cursor }}
    />,
  );
}

async function renderEdit(request: FastifyRequest, reply: FastifyReply, areaId: string, form?: { values: AreaFormValues; err: AppError }) {
  const data = await inTenant(request, async (ctx) => {
    const area = await getArea(ctx, { areaId });
    const all = await listAreas(ctx, { sort: 'path', limit: TREE_LIMIT });
    return { area, all: all.items };
  });
  // Its own sub-areas are not offered as a new parent (the use case refuses them anyway).
  const below = new Set([data.area.id]);
  for (const a of data.all) if (a.parentId && below.has(a.parentId)) below.add(a.id);
  const parents = data.all.filter((a) => !below.has(a.id));
  const { area } = data;
  return renderPage(
    reply.status(form ? 422 : 200),
    <AreaEditPage
      principal={request.principal as StaffPrincipal}
      area={area}
      parents={parents}
      values={form?.values ?? { name: area.name, code: area.code ?? '', kind: area.kind, parentId: area.parentId ?? '' }}
      errors={form ? fieldMessages(form.err.fields) : {}}
      message={form ? 'Please fix the highlighted fields. Nothing was saved.' : undefined}
    />,
  );
}

export async function areasPages(app: FastifyInstance): Promise<void> {
  const manage = { schema: { hide: true }, onRequest: staffPage('areas.manage') };

  app.get<{ Querystring: Record<string, unknown> }>('/app/areas', { schema: { hide: true }, onRequest: staffPage('customers.read') }, listPage);

  app.post<{ Body: Record<string, unknown> }>('/app/areas', manage, async (request, reply) => {
    const values = formValues(request.body);
    try {
      await inTenant(request, (ctx) => createArea(ctx, { name: values.name ?? '', code: values.code, kind: values.kind, parentId: values.parentId }));
      return reply.redirect('/app/areas?notice=created', 303);
    } catch (err) {
      if (!statusOf(err, 422)) throw err;
      return renderTree(request, reply, { status: 422, failed: { parentId: values.parentId ?? '', values, errors: fieldMessages(err.fields) } });
    }
  });

  app.get<{ Params: { id: string } }>('/app/areas/:id/edit', manage, async (request, reply) => renderEdit(request, reply, request.params.id));

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/app/areas/:id', manage, async (request, reply) => {
    const values = formValues(request.body);
    try {
      await inTenant(request, (ctx) => updateArea(ctx, { areaId: request.params.id, ...values, name: values.name ?? '' }));
      return reply.redirect('/app/areas?notice=updated', 303);
    } catch (err) {
      if (!statusOf(err, 422)) throw err;
      return renderEdit(request, reply, request.params.id, { values, err });
    }
  });

  const action = (path: string, run: typeof deactivateArea, notice: string) =>
    app.post<{ Params: { id: string } }>(`/app/areas/:id/${path}`, manage, async (request, reply) => {
      try {
        await inTenant(request, (ctx) => run(ctx, { areaId: request.params.id }));
        return reply.redirect(`/app/areas?notice=${notice}`, 303);
      } catch (err) {
        if (!statusOf(err, 409)) throw err;
        return renderTree(request, reply, { status: 409, error: err.message });
      }
    });
  action('deactivate', deactivateArea, 'deactivated');
  action('reactivate', reactivateArea, 'reactivated');
  app.post<{ Params: { id: string } }>('/app/areas/:id/delete', manage, async (request, reply) => {
    try {
      await inTenant(request, (ctx) => deleteArea(ctx, { areaId: request.params.id }));
      return reply.redirect('/app/areas?notice=deleted', 303);
    } catch (err) {
      if (!statusOf(err, 409)) throw err;
      return renderTree(request, reply, { status: 409, error: err.message });
    }
  });
}
