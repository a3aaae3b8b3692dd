/** /app/network/naps: list (filters, sort, CSV), the NAP page with its ports, edit, (de)activate, port service toggles. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { sendCsv, type CsvColumn } from '../../http/csv-export.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { can } from '../context.ts';
import { findMapSettings, findZone } from '../settings/settings-repository.ts';
import { deactivatePlantItem } from './deactivate-plant-item.ts';
import { EXPORT_LIMIT } from './lcp-pages.tsx';
import { isNapSort, listNaps } from './list-naps.ts';
import { NapDetailPage, NapFormPage, NapListPage } from './nap-views.tsx';
import { emptyForm, type FormState } from './plant-forms.tsx';
import { readPlantListQuery } from './plant-list-query.ts';
import type { NapView } from './plant-views.ts';
import { formValues, formatCoordinate, text } from './plant-widgets.tsx';
import { reactivatePlantItem } from './reactivate-plant-item.ts';
import { getNapDetail, getNapIdOfPort, listLcpChoices } from './read-plant.ts';
import { updateNapPort } from './update-nap-port.ts';
import { updateNap } from './update-nap.ts';
import { ownValue } from '../../lib/own-value.ts';

type Values = Record<string, string | undefined>;
type Id = { Params: { id: string } };

const PAGE_SIZE = 50;
const NAP_FIELDS = ['code', 'name', 'splitterPort', 'portCount', 'address', 'latitude', 'longitude', 'notes', 'externalRef'] as const;

const NOTICES: Record<string, string> = {
  created: 'NAP added, with its ports.',
  saved: 'NAP saved.',
  deactivated: 'NAP deactivated.',
  reactivated: 'NAP reactivated.',
  port_saved: 'Port saved.',
};

async function renderDetail(request: FastifyRequest, reply: FastifyReply, id: string, options: { status?: number; alert?: string } = {}) {
  const principal = request.principal as StaffPrincipal;
  const detail = await inTenant(request, (ctx) => getNapDetail(ctx, { napId: id }));
  return renderPage(
    reply.status(options.status ?? 200),
    <NapDetailPage
      principal={principal}
      detail={detail}
      canManage={can(principal.actor, 'network.manage')}
      notice={ownValue(NOTICES, text((request.query as Record<string, unknown>)?.notice))}
      alert={options.alert}
    />,
  );
}

async function renderForm(request: FastifyRequest, reply: FastifyReply, id: string, form?: FormState<Values>, status = 200) {
  const principal = request.principal as StaffPrincipal;
  const data = await inTenant(request, async (ctx) => ({ detail: await getNapDetail(ctx, { napId: id }), map: await findMapSettings(ctx.trx, ctx.tenantId) }));
  const n = data.detail.nap;
  const current = {
    code: n.code,
    name: n.name,
    splitterPort: String(n.splitterPort),
    portCount: String(n.portCount),
    address: n.address,
    latitude: formatCoordinate(n.latitude),
    longitude: formatCoordinate(n.longitude),
    notes: n.notes,
    externalRef: n.externalRef ?? '',
  };
  return renderPage(reply.status(status), <NapFormPage principal={principal} detail={data.detail} form={form ?? emptyForm(current)} map={data.map} />);
}

const NAP_CSV_COLUMNS: CsvColumn<NapView>[] = [
  { header: 'lcp', value: (n) => n.lcpCode },
  { header: 'splitter', value: (n) => n.splitterCode },
  { header: 'splitter_port', value: (n) => n.splitterPort },
  { header: 'code', value: (n) => n.code },
  { header: 'name', value: (n) => n.name },
  { header: 'active', value: (n) => (n.active ? 'yes' : 'no') },
  { header: 'address', value: (n) => n.address },
  { header: 'latitude', value: (n) => formatCoordinate(n.latitude) },
  { header: 'longitude', value: (n) => formatCoordinate(n.longitude) },
  { header: 'ports', value: (n) => n.capacity.total },
  { header: 'used', value: (n) => n.capacity.used },
  { header: 'out_of_service', value: (n) => n.capacity.outOfService },
  { header: 'free', value: (n) => n.capacity.free },
  { header: 'external_ref', value: (n) => n.externalRef ?? '' },
];

export async function napPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Record<string, unknown> }>('/app/network/naps', { schema: { hide: true }, onRequest: staffPage('network.read') }, async (request, reply) => {
    const principal = request.principal as StaffPrincipal;
    const { params, query } = readPlantListQuery(request.query, { isSort: isNapSort, defaultSort: 'branch', parent: 'lcpId' });
    if (text(request.query.format) === 'csv') {
      const data = await inTenant(request, async (ctx) => ({ page: await listNaps(ctx, { ...query, limit: EXPORT_LIMIT }), zone: await findZone(ctx.trx, ctx.tenantId) }));
      return sendCsv(reply, 'naps', NAP_CSV_COLUMNS, data.page.items, calendarDateIn(app.clock(), data.zone.timeZone));
    }
    const data = await inTenant(request, async (ctx) => ({
      page: await listNaps(ctx, { ...query, limit: PAGE_SIZE, cursor: params.cursor }),
      lcps: await listLcpChoices(ctx),
    }));
    return renderPage(reply, <NapListPage principal={principal} items={data.page.items} nextCursor={data.page.nextCursor} params={params} lcps={data.lcps} />);
  });

  app.get<Id>('/app/network/naps/:id', { schema: { hide: true }, onRequest: staffPage('network.read') }, async (request, reply) => renderDetail(request, reply, request.params.id));

  app.get<Id>('/app/network/naps/:id/edit', { schema: { hide: true }, onRequest: staffPage('network.manage') }, async (request, reply) => renderForm(request, reply, request.params.id));

  app.post<Id>('/app/network/naps/:id/edit', { schema: { hide: true }, onRequest: staffPage('network.manage') }, async (request, reply) => {
    const values = formValues(request.body, NAP_FIELDS);
    try {
      await inTenant(request, (ctx) => updateNap(ctx, { ...values, napId: request.params.id }));
      return reply.redirect(`/app/network/naps/${request.params.id}?notice=saved`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      return renderForm(request, reply, request.params.id, { values, errors: fieldMessages(err.fields), message: 'Please fix the highlighted fields.' }, 422);
    }
  });

  for (const action of ['deactivate', 'reactivate'] as const) {
    app.post<Id>(`/app/network/naps/:id/${action}`, { schema: { hide: true }, onRequest: staffPage('network.manage') }, async (request, reply) => {
      try {
        await inTenant(request, (ctx) => (action === 'deactivate' ? deactivatePlantItem : reactivatePlantItem)(ctx, { level: 'nap', id: request.params.id }));
        return reply.redirect(`/app/network/naps/${request.params.id}?notice=${action}d`, 303);
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 409) throw err;
        return renderDetail(request, reply, request.params.id, { status: 409, alert: err.message });
      }
    });
  }

  app.post<Id>('/app/network/nap-ports/:id', { schema: { hide: true }, onRequest: staffPage('network.manage') }, async (request, reply) => {
    const body = formValues(request.body, ['outOfService', 'notes'] as const);
    const raw = (request.body ?? {}) as Record<string, unknown>;
    try {
      const port = await inTenant(request, (ctx) =>
        updateNapPort(ctx, { napPortId: request.params.id, outOfService: body.outOfService === 'true', ...(raw.notes !== undefined ? { notes: body.notes } : {}) }),
      );
      return reply.redirect(`/app/network/naps/${port.napId}?notice=port_saved`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      // Which NAP to go back to: read the port again (it exists: a missing one was a 404).
      const napId = await inTenant(request, (ctx) => getNapIdOfPort(ctx, { napPortId: request.params.id }));
      return renderDetail(request, reply, napId, { status: 422, alert: err.message });
    }
  });
}
