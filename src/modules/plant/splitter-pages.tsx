/** /app/network/splitters: list (search, filters, sort, CSV); /app/network/splitters/:id: the splitter page, edit, (de)activate, and adding a NAP under it. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { sendCsv, type CsvColumn } from '../../http/csv-export.ts';
import { AppError } from '../../lib/errors.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { can } from '../context.ts';
import { findMapSettings, findZone } from '../settings/settings-repository.ts';
import { createNap } from './create-nap.ts';
import { deactivatePlantItem } from './deactivate-plant-item.ts';
import { EXPORT_LIMIT } from './lcp-pages.tsx';
import { isSplitterSort, listSplitters } from './list-splitters.ts';
import { emptyForm, type FormState } from './plant-forms.tsx';
import { readPlantListQuery } from './plant-list-query.ts';
import type { SplitterView } from './plant-views.ts';
import { formValues, text } from './plant-widgets.tsx';
import { reactivatePlantItem } from './reactivate-plant-item.ts';
import { getSplitterDetail, listLcpChoices } from './read-plant.ts';
import { SplitterDetailPage, SplitterFormPage, SplitterListPage } from './splitter-views.tsx';
import { updateSplitter } from './update-splitter.ts';
import { ownValue } from '../../lib/own-value.ts';

type Values = Record<string, string | undefined>;
type Id = { Params: { id: string } };

const SPLITTER_FIELDS = ['code', 'ratio', 'lcpPort', 'notes', 'externalRef'] as const;
const NAP_FIELDS = ['code', 'name', 'splitterPort', 'portCount', 'address', 'latitude', 'longitude', 'notes', 'externalRef'] as const;

const PAGE_SIZE = 50;

const NOTICES: Record<string, string> = {
  created: 'Splitter added.',
  saved: 'Splitter saved.',
  deactivated: 'Splitter deactivated, with its NAPs.',
  reactivated: 'Splitter reactivated. Its NAPs stay as they were; reactivate them one by one.',
};

async function renderDetail(request: FastifyRequest, reply: FastifyReply, id: string, options: { status?: number; alert?: string; napForm?: FormState<Values> } = {}) {
  const principal = request.principal as StaffPrincipal;
  const data = await inTenant(request, async (ctx) => ({ detail: await getSplitterDetail(ctx, { splitterId: id }), map: await findMapSettings(ctx.trx, ctx.tenantId) }));
  return renderPage(
    reply.status(options.status ?? 200),
    <SplitterDetailPage
      principal={principal}
      detail={data.detail}
      canManage={can(principal.actor, 'network.manage')}
      notice={ownValue(NOTICES, text((request.query as Record<string, unknown>)?.notice))}
      alert={options.alert}
      napForm={options.napForm ?? emptyForm({ portCount: '8', splitterPort: String(data.detail.freeSplitterPorts[0] ?? '') })}
      map={data.map}
    />,
  );
}

async function renderForm(request: FastifyRequest, reply: FastifyReply, id: string, form?: FormState<Values>, status = 200) {
  const principal = request.principal as StaffPrincipal;
  const detail = await inTenant(request, (ctx) => getSplitterDetail(ctx, { splitterId: id }));
  const s = detail.splitter;
  const current = { code: s.code, ratio: String(s.ratio), lcpPort: String(s.lcpPort), notes: s.notes, externalRef: s.externalRef ?? '' };
  return renderPage(reply.status(status), <SplitterFormPage principal={principal} detail={detail} form={form ?? emptyForm(current)} />);
}

const SPLITTER_CSV_COLUMNS: CsvColumn<SplitterView>[] = [
  { header: 'lcp', value: (s) => s.lcpCode },
  { header: 'lcp_port', value: (s) => s.lcpPort },
  { header: 'code', value: (s) => s.code },
  { header: 'ratio', value: (s) => s.ratio },
  { header: 'active', value: (s) => (s.active ? 'yes' : 'no') },
  { header: 'ports', value: (s) => s.capacity.total },
  { header: 'used', value: (s) => s.capacity.used },
  { header: 'out_of_service', value: (s) => s.capacity.outOfService },
  { header: 'free', value: (s) => s.capacity.free },
  { header: 'notes', value: (s) => s.notes },
  { header: 'external_ref', value: (s) => s.externalRef ?? '' },
];

export async function splitterPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Record<string, unknown> }>('/app/network/splitters', { schema: { hide: true }, onRequest: staffPage('network.read') }, async (request, reply) => {
    const principal = request.principal as StaffPrincipal;
    const { params, query } = readPlantListQuery(request.query, { isSort: isSplitterSort, defaultSort: 'branch', parent: 'lcpId' });
    if (text(request.query.format) === 'csv') {
      const data = await inTenant(request, async (ctx) => ({ page: await listSplitters(ctx, { ...query, limit: EXPORT_LIMIT }), zone: await findZone(ctx.trx, ctx.tenantId) }));
      return sendCsv(reply, 'splitters', SPLITTER_CSV_COLUMNS, data.page.items, calendarDateIn(app.clock(), data.zone.timeZone));
    }
    const data = await inTenant(request, async (ctx) => ({
      page: await listSplitters(ctx, { ...query, limit: PAGE_SIZE, cursor: params.cursor }),
      lcps: await listLcpChoices(ctx),
    }));
    return renderPage(reply, <SplitterListPage principal={principal} items={data.page.items} nextCursor={data.page.nextCursor} params={params} lcps={data.lcps} />);
  });

  app.get<Id>('/app/network/splitters/:id', { schema: { hide: true }, onRequest: staffPage('network.read') }, async (request, reply) => renderDetail(request, reply, request.params.id));

  app.get<Id>('/app/network/splitters/:id/edit', { schema: { hide: true }, onRequest: staffPage('network.manage') }, async (request, reply) => renderForm(request, reply, request.params.id));

  app.post<Id>('/app/network/splitters/:id/edit', { schema: { hide: true }, onRequest: staffPage('network.manage') }, async (request, reply) => {
    const values = formValues(request.body, SPLITTER_FIELDS);
    try {
      await inTenant(request, (ctx) => updateSplitter(ctx, { ...values, splitterId: request.params.id }));
      return reply.redirect(`/app/network/splitters/${request.params.id}?notice=saved`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      return renderForm(request, reply, request.params.id, { values, errors: fieldMessages(err.fields), message: 'Please fix the highlighted fields.' }, 422);
    }
  });

  for (const action of ['deactivate', 'reactivate'] as const) {
    app.post<Id>(`/app/network/splitters/:id/${action}`, { schema: { hide: true }, onRequest: staffPage('network.manage') }, async (request, reply) => {
      try {
        await inTenant(request, (ctx) => (action === 'deactivate' ? deactivatePlantItem : reactivatePlantItem)(ctx, { level: 'splitter', id: request.params.id }));
        return reply.redirect(`/app/network/splitters/${request.params.id}?notice=${action}d`, 303);
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 409) throw err;
        return renderDetail(request, reply, request.params.id, { status: 409, alert: err.message });
      }
    });
  }

  app.post<Id>('/app/network/splitters/:id/naps', { schema: { hide: true }, onRequest: staffPage('network.manage') }, async (request, reply) => {
    const values = formValues(request.body, NAP_FIELDS);
    try {
      const nap = await inTenant(request, (ctx) => createNap(ctx, { ...values, splitterId: request.params.id }));
      return reply.redirect(`/app/network/naps/${nap.id}?notice=created`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      // The splitter itself missing is a 404, as for any other page of another company's splitter.
      if (err.fields.some((f) => f.field === 'splitterId' && f.rule === 'not_found')) throw new AppError(404, 'not_found', 'Splitter not found');
      const errors = fieldMessages(err.fields);
      return renderDetail(request, reply, request.params.id, { status: 422, napForm: { values, errors, message: errors.splitterId ?? 'Please fix the highlighted fields.' } });
    }
  });
}
