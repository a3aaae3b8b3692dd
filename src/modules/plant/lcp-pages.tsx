/** /app/network/lcps: list (filters, sort, CSV), add, LCP page, edit, (de)activate, add a splitter. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { sendCsv, type CsvColumn } from '../../http/csv-export.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { listAreaOptions } from '../areas/area-options.ts';
import { can } from '../context.ts';
import { findMapSettings, findZone } from '../settings/settings-repository.ts';
import { createLcp } from './create-lcp.ts';
import { createSplitter } from './create-splitter.ts';
import { deactivatePlantItem } from './deactivate-plant-item.ts';
import { isLcpSort, listLcps } from './list-lcps.ts';
import { LcpDetailPage, LcpFormPage, LcpListPage, type LcpFormValues } from './lcp-views.tsx';
import { emptyForm, type FormState } from './plant-forms.tsx';
import { readPlantListQuery } from './plant-list-query.ts';
import type { LcpView } from './plant-views.ts';
import { reactivatePlantItem } from './reactivate-plant-item.ts';
import { getLcp, getLcpDetail } from './read-plant.ts';
import { updateLcp } from './update-lcp.ts';
import { formValues, formatCoordinate, text } from './plant-widgets.tsx';
import { ownValue } from '../../lib/own-value.ts';

const PAGE_SIZE = 50;
/** Rows in one CSV export; the filters narrow a larger plant. */
export const EXPORT_LIMIT = 100_000;

const LCP_FIELDS = ['code', 'name', 'portCount', 'areaId', 'address', 'latitude', 'longitude', 'coverageRadiusM', 'notes', 'externalRef'] as const;
const SPLITTER_FIELDS = ['code', 'ratio', 'lcpPort', 'notes', 'externalRef'] as const;

const NOTICES: Record<string, string> = {
  created: 'LCP added.',
  saved: 'LCP saved.',
  deactivated: 'LCP deactivated, with its splitters and NAPs.',
  reactivated: 'LCP reactivated. Its splitters stay as they were; reactivate them one by one.',
  splitter_added: 'Splitter added.',
};

type Id = { Params: { id: string } };

function is422or409(err: unknown): err is AppError {
  return err instanceof AppError && (err.status === 422 || err.status === 409);
}

async function renderDetail(request: FastifyRequest, reply: FastifyReply, id: string, options: { status?: number; alert?: string; splitterForm?: FormState<Record<string, string | undefined>> } = {}) {
  const principal = request.principal as StaffPrincipal;
  const detail = await inTenant(request, (ctx) => getLcpDetail(ctx, { lcpId: id }));
  return renderPage(
    reply.status(options.status ?? 200),
    <LcpDetailPage
      principal={principal}
      detail={detail}
      canManage={can(principal.actor, 'network.manage')}
      notice={ownValue(NOTICES, text((request.query as Record<string, unknown>)?.notice))}
      alert={options.alert}
      splitterForm={options.splitterForm ?? emptyForm({ ratio: '8', lcpPort: String(detail.freeLcpPorts[0] ?? '') })}
    />,
  );
}

async function renderForm(request: FastifyRequest, reply: FastifyReply, form: FormState<LcpFormValues>, lcpId?: string, status = 200) {
  const principal = request.principal as StaffPrincipal;
  const data = await inTenant(request, async (ctx) => ({
    lcp: lcpId ? await getLcp(ctx, { lcpId }) : undefined,
    areas: await listAreaOptions(ctx),
    map: await findMapSettings(ctx.trx, ctx.tenantId),
  }));
  return renderPage(reply.status(status), <LcpFormPage principal={principal} lcp={data.lcp} form={form} areas={data.areas} map={data.map} />);
}

const LCP_CSV_COLUMNS: CsvColumn<LcpView>[] = [
  { header: 'code', value: (l) => l.code },
  { header: 'name', value: (l) => l.name },
  { header: 'active', value: (l) => (l.active ? 'yes' : 'no') },
  { header: 'area', value: (l) => l.areaName ?? '' },
  { header: 'address', value: (l) => l.address },
  { header: 'latitude', value: (l) => formatCoordinate(l.latitude) },
  { header: 'longitude', value: (l) => formatCoordinate(l.longitude) },
  { header: 'coverage_radius_m', value: (l) => l.coverageRadiusM ?? '' },
  { header: 'feeder_ports', value: (l) => l.portCount },
  { header: 'drop_ports', value: (l) => l.capacity.total },
  { header: 'used', value: (l) => l.capacity.used },
  { header: 'out_of_service', value: (l) => l.capacity.outOfService },
  { header: 'free', value: (l) => l.capacity.free },
  { header: 'external_ref', value: (l) => l.externalRef ?? '' },
];

export async function lcpPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Record<string, unknown> }>('/app/network/lcps', { schema: { hide: true }, onRequest: staffPage('network.read') }, async (request, reply) => {
    const principal = request.principal as StaffPrincipal;
    const { params, query } = readPlantListQuery(request.query, { isSort: isLcpSort, defaultSort: 'code', parent: 'areaId' });
    if (text(request.query.format) === 'csv') {
      const data = await inTenant(request, async (ctx) => ({ page: await listLcps(ctx, { ...query, limit: EXPORT_LIMIT }), zone: await findZone(ctx.trx, ctx.tenantId) }));
      return sendCsv(reply, 'lcps', LCP_CSV_COLUMNS, data.page.items, calendarDateIn(app.clock(), data.zone.timeZone));
    }
    const data = await inTenant(request, async (ctx) => ({ page: await listLcps(ctx, { ...query, limit: PAGE_SIZE, cursor: params.cursor }), areas: await listAreaOptions(ctx) }));
    return renderPage(
      reply,
      <LcpListPage principal={principal} items={data.page.items} nextCursor={data.page.nextCursor} params={params} areas={data.areas} canManage={can(principal.actor, 'network.manage')} />,
    );
  });

  app.get('/app/network/lcps/new', { schema: { hide: true }, onRequest: staffPage('network.manage') }, async (request, reply) => renderForm(request, reply, emptyForm({ portCount: '8' })));

  app.post('/app/network/lcps', { schema: { hide: true }, onRequest: staffPage('network.manage') }, async (request, reply) => {
    const values = formValues(request.body, LCP_FIELDS);
    try {
      const lcp = await inTenant(request, (ctx) => createLcp(ctx, values));
      return reply.redirect(`/app/network/lcps/${lcp.id}?notice=created`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      return renderForm(request, reply, { values, errors: fieldMessages(err.fields), message: 'Please fix the highlighted fields.' }, undefined, 422);
    }
  });

  app.get<Id>('/app/network/lcps/:id', { schema: { hide: true }, onRequest: staffPage('network.read') }, async (request, reply) => renderDetail(request, reply, request.params.id));

  app.get<Id>('/app/network/lcps/:id/edit', { schema: { hide: true }, onRequest: staffPage('network.manage') }, async (request, reply) => {
    const lcp = await inTenant(request, (ctx) => getLcp(ctx, { lcpId: request.params.id }));
    const values: LcpFormValues = {
      code: lcp.code,
      name: lcp.name,
      portCount: String(lcp.portCount),
      areaId: lcp.areaId ?? '',
      address: lcp.address,
      latitude: formatCoordinate(lcp.latitude),
      longitude: formatCoordinate(lcp.longitude),
      coverageRadiusM: lcp.coverageRadiusM === null ? '' : String(lcp.coverageRadiusM),
      notes: lcp.notes,
      externalRef: lcp.externalRef ?? '',
    };
    return renderForm(request, reply, emptyForm(values), lcp.id);
  });

  app.post<Id>('/app/network/lcps/:id/edit', { schema: { hide: true }, onRequest: staffPage('network.manage') }, async (request, reply) => {
    const values = formValues(request.body, LCP_FIELDS);
    try {
      await inTenant(request, (ctx) => updateLcp(ctx, { ...values, lcpId: request.params.id }));
      return reply.redirect(`/app/network/lcps/${request.params.id}?notice=saved`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      return renderForm(request, reply, { values, errors: fieldMessages(err.fields), message: 'Please fix the highlighted fields.' }, request.params.id, 422);
    }
  });

  for (const action of ['deactivate', 'reactivate'] as const) {
    app.post<Id>(`/app/network/lcps/:id/${action}`, { schema: { hide: true }, onRequest: staffPage('network.manage') }, async (request, reply) => {
      try {
        await inTenant(request, (ctx) => (action === 'deactivate' ? deactivatePlantItem : reactivatePlantItem)(ctx, { level: 'lcp', id: request.params.id }));
        return reply.redirect(`/app/network/lcps/${request.params.id}?notice=${action}d`, 303);
      } catch (err) {
        if (!is422or409(err)) throw err;
        return renderDetail(request, reply, request.params.id, { status: err.status, alert: err.message });
      }
    });
  }

  app.post<Id>('/app/network/lcps/:id/splitters', { schema: { hide: true }, onRequest: staffPage('network.manage') }, async (request, reply) => {
    const values = formValues(request.body, SPLITTER_FIELDS);
    try {
      const splitter = await inTenant(request, (ctx) => createSplitter(ctx, { ...values, lcpId: request.params.id }));
      return reply.redirect(`/app/network/splitters/${splitter.id}?notice=created`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      // The LCP itself missing is a 404, as for any other page of another company's LCP.
      if (err.fields.some((f) => f.field === 'lcpId' && f.rule === 'not_found')) throw new AppError(404, 'not_found', 'LCP not found');
      const errors = fieldMessages(err.fields);
      return renderDetail(request, reply, request.params.id, {
        status: 422,
        splitterForm: { values, errors, message: errors.lcpId ?? 'Please fix the highlighted fields.' },
      });
    }
  });
}
