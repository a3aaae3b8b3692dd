/** /app/plans: the list (customers.read); new, edit, retire, reactivate, delete (plans.manage). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { sendCsv, type CsvColumn } from '../../http/csv-export.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { sortDirection } from '../../lib/keyset-sort.ts';
import { minorToMajorText } from '../../lib/money.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { can } from '../context.ts';
import { findSettings } from '../settings/settings-repository.ts';
import { createPlan, type CreatePlanInput } from './create-plan.ts';
import { deletePlan } from './delete-plan.ts';
import { getPlan, isPlanSort, listPlans } from './list-plans.ts';
import { planFormValues, readPlanForm, type PlanFormValues } from './plan-form.ts';
import { PlanFormPage, PlanListPage } from './plan-views.tsx';
import { tenantCurrency, type PlanView } from './plans-repository.ts';
import { reactivatePlan } from './reactivate-plan.ts';
import { retirePlan } from './retire-plan.ts';
import { updatePlan } from './update-plan.ts';
import { ownValue } from '../../lib/own-value.ts';
import { firstText as text } from '../../http/form-values.ts';

const PAGE_SIZE = 50;
/** The CSV export holds every matching plan up to this many. */
export const PLAN_CSV_CAP = 100_000;

const NOTICES: Record<string, string> = {
  created: 'Plan created.',
  updated: 'Plan saved.',
  retired: 'Plan retired. Services on it keep it; it is no longer offered for new services.',
  reactivated: 'Plan reactivated.',
  deleted: 'Plan deleted.',
};

const FORM_MESSAGE = 'Please fix the highlighted fields. Nothing was saved.';

/** Amounts both as minor units (exact, for machines) and major-unit text (for people). */
const CSV_COLUMNS: CsvColumn<PlanView>[] = [
  { header: 'name', value: (p) => p.name },
  { header: 'download_mbps', value: (p) => p.downloadMbps },
  { header: 'upload_mbps', value: (p) => p.uploadMbps },
  { header: 'price', value: (p) => minorToMajorText(p.priceMinor, p.currency) },
  { header: 'price_minor', value: (p) => p.priceMinor },
  { header: 'currency', value: (p) => p.currency },
  { header: 'period_unit', value: (p) => p.periodUnit },
  { header: 'period_count', value: (p) => p.periodCount },
  { header: 'setup_fee', value: (p) => (p.setupFeeMinor === null ? '' : minorToMajorText(p.setupFeeMinor, p.currency)) },
  { header: 'tax_class', value: (p) => p.taxClass },
  { header: 'description', value: (p) => p.description },
  { header: 'status', value: (p) => (p.active ? 'active' : 'retired') },
  { header: 'services', value: (p) => p.serviceCount },
  { header: 'external_ref', value: (p) => p.externalRef },
  { header: 'created_at', value: (p) => p.createdAt.toISOString() },
  { header: 'id', value: (p) => p.id },
];


function formValues(body: Record<string, unknown> | undefined): PlanFormValues {
  const b = body ?? {};
  const names = ['name', 'downloadMbps', 'uploadMbps', 'price', 'periodUnit', 'periodCount', 'setupFee', 'taxClass', 'description'] as const;
  return Object.fromEntries(names.map((n) => [n, text(b[n]) ?? ''])) as PlanFormValues;
}

function statusOf(err: unknown, ...statuses: number[]): err is AppError {
  return err instanceof AppError && statuses.includes(err.status);
}

async function listPage(request: FastifyRequest, reply: FastifyReply, query: Record<string, unknown>, options: { error?: string; status?: number } = {}) {
  const principal = request.principal as StaffPrincipal;
  const csv = text(query.format) === 'csv';
  const q = (text(query.q) ?? '').slice(0, 200);
  const statusText = text(query.status);
  const status = statusText === 'active' || statusText === 'retired' ? statusText : undefined;
  const sortText = text(query.sort);
  const sort = isPlanSort(sortText) ? sortText : 'name';
  const dir = sortDirection(text(query.dir));
  const cursor = csv ? undefined : text(query.cursor);
  const data = await inTenant(request, async (ctx) => ({
    page: await listPlans(ctx, { q, status, sort, dir, cursor, limit: csv ? PLAN_CSV_CAP : PAGE_SIZE }),
    settings: await findSettings(ctx.trx, ctx.tenantId),
  }));
  if (csv) return sendCsv(reply, 'plans', CSV_COLUMNS, data.page.items, calendarDateIn(request.server.clock(), data.settings.timeZone));
  return renderPage(
    reply.status(options.status ?? 200),
    <PlanListPage
      principal={principal}
      canManage={can(principal.actor, 'plans.manage')}
      items={data.page.items}
      nextCursor={data.page.nextCursor}
      params={{ q, status, sort, dir, cursor }}
      locale={data.settings.locale}
      notice={ownValue(NOTICES, text(query.notice))}
      error={options.error}
    />,
  );
}

function renderForm(request: FastifyRequest, reply: FastifyReply, props: { plan?: PlanView; currency: string; values: PlanFormValues; err?: AppError }) {
  return renderPage(
    reply.status(props.err ? 422 : 200),
    <PlanFormPage
      principal={request.principal as StaffPrincipal}
      plan={props.plan}
      currency={props.currency}
      values={props.values}
      errors={props.err ? fieldMessages(props.err.fields) : {}}
      message={props.err ? FORM_MESSAGE : undefined}
    />,
  );
}

export async function plansPages(app: FastifyInstance): Promise<void> {
  const manage = { schema: { hide: true }, onRequest: staffPage('plans.manage') };

  app.get<{ Querystring: Record<string, unknown> }>('/app/plans', { schema: { hide: true }, onRequest: staffPage('customers.read') }, (request, reply) =>
    listPage(request, reply, request.query),
  );

  app.get('/app/plans/new', manage, async (request, reply) => {
    const currency = await inTenant(request, (ctx) => tenantCurrency(ctx.trx, ctx.tenantId));
    return renderForm(request, reply, { currency, values: { periodUnit: 'month', periodCount: '1', taxClass: 'standard' } });
  });

  app.post<{ Body: Record<string, unknown> }>('/app/plans', manage, async (request, reply) => {
    const values = formValues(request.body);
    let currency = '';
    try {
      await inTenant(request, async (ctx) => {
        currency = await tenantCurrency(ctx.trx, ctx.tenantId);
        const { fields, problems } = readPlanForm(values, currency);
        // The use case checks every field whatever its type; the form's are text.
        return createPlan(ctx, fields as CreatePlanInput, problems);
      });
      return reply.redirect('/app/plans?notice=created', 303);
    } catch (err) {
      if (!statusOf(err, 422)) throw err;
      return renderForm(request, reply, { currency, values, err });
    }
  });

  app.get<{ Params: { id: string } }>('/app/plans/:id/edit', manage, async (request, reply) => {
    const plan = await inTenant(request, (ctx) => getPlan(ctx, { planId: request.params.id }));
    return renderForm(request, reply, { plan, currency: plan.currency, values: planFormValues(plan) });
  });

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/app/plans/:id', manage, async (request, reply) => {
    const values = formValues(request.body);
    const planId = request.params.id;
    try {
      await inTenant(request, async (ctx) => {
        const plan = await getPlan(ctx, { planId });
        const { fields, problems } = readPlanForm(values, plan.currency);
        return updatePlan(ctx, { ...(fields as Omit<CreatePlanInput, 'externalRef'>), planId }, problems);
      });
      return reply.redirect('/app/plans?notice=updated', 303);
    } catch (err) {
      if (!statusOf(err, 422)) throw err;
      const plan = await inTenant(request, (ctx) => getPlan(ctx, { planId }));
      return renderForm(request, reply, { plan, currency: plan.currency, values, err });
    }
  });

  const action = (path: string, run: (ctx: Parameters<typeof retirePlan>[0], input: { planId: string }) => Promise<unknown>, notice: string) =>
    app.post<{ Params: { id: string } }>(`/app/plans/:id/${path}`, manage, async (request, reply) => {
      try {
        await inTenant(request, (ctx) => run(ctx, { planId: request.params.id }));
        return reply.redirect(`/app/plans?notice=${notice}`, 303);
      } catch (err) {
        if (!statusOf(err, 409)) throw err;
        return listPage(request, reply, {}, { error: err.message, status: 409 });
      }
    });
  action('retire', retirePlan, 'retired');
  action('reactivate', reactivatePlan, 'reactivated');
  action('delete', deletePlan, 'deleted');
}
