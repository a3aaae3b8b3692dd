/** /app/services: list (filters, CSV), add a service for a customer, one service with plan history and actions. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { sendCsv, type CsvColumn } from '../../http/csv-export.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError, validationError, type FieldProblem } from '../../lib/errors.ts';
import { sortDirection } from '../../lib/keyset-sort.ts';
import { minorToMajorText, parseMajorAmount } from '../../lib/money.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { can, type TenantContext } from '../context.ts';
import { listCustomerFilterOptions } from '../customers/list-customer-filter-options.ts';
import { CSV_ROW_CAP } from '../installations/form-fields.tsx';
import { firstText } from '../../http/form-values.ts';
import { activateService } from './activate-service.ts';
import { cancelScheduledPlanChange } from './cancel-scheduled-plan-change.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { changeServicePlan } from './change-service-plan.ts';
import { createService } from './create-service.ts';
import { getService, listActivePlans, listServicesFor } from './get-service.ts';
import { getServiceForm } from './get-service-form.ts';
import { resumeService } from './resume-service.ts';
import { SERVICE_STATUS_LABELS } from './service-lifecycle.ts';
import { pricePerPeriodMinor } from './service-price.ts';
import { ServiceFormPage, ServiceListPage, ServicePage, type ServiceFormValues } from './service-views.tsx';
import { findServiceSettings, SERVICE_SORTS, type ServiceSort, type ServiceView } from './services-repository.ts';
import { suspendService } from './suspend-service.ts';
import { terminateService } from './terminate-service.ts';
import { updateService } from './update-service.ts';
import { ownValue } from '../../lib/own-value.ts';

const PATH = '/app/services';
const PAGE_SIZE = 50;

const NOTICES: Record<string, string> = {
  created: 'Service added.',
  saved: 'Saved.',
  plan: 'Plan changed. The history below keeps the previous plan.',
  scheduled: 'Plan change scheduled for the end of the period.',
  'cancel-plan-change': 'Scheduled plan change cancelled.',
  activate: 'Service activated.',
  suspend: 'Service suspended.',
  resume: 'Service resumed.',
  terminate: 'Service terminated.',
};

const CSV_COLUMNS: CsvColumn<ServiceView>[] = [
  { header: 'account_number', value: (s) => s.accountNumber },
  { header: 'customer', value: (s) => s.customerName },
  { header: 'plan', value: (s) => s.planName },
  { header: 'status', value: (s) => s.status },
  { header: 'billing_mode', value: (s) => s.billingMode },
  { header: 'start_on', value: (s) => s.startOn },
  { header: 'end_on', value: (s) => s.endOn },
  { header: 'currency', value: (s) => s.currency },
  { header: 'plan_price', value: (s) => minorToMajorText(s.planPriceMinor, s.currency) },
  { header: 'price_override', value: (s) => (s.priceOverrideMinor === null ? '' : minorToMajorText(s.priceOverrideMinor, s.currency)) },
  { header: 'discount', value: (s) => (s.discountMinor === null ? '' : minorToMajorText(s.discountMinor, s.currency)) },
  { header: 'price_per_period', value: (s) => minorToMajorText(pricePerPeriodMinor(s), s.currency) },
  { header: 'adjustment_reason', value: (s) => s.adjustmentReason },
  { header: 'external_ref', value: (s) => s.externalRef },
  { header: 'id', value: (s) => s.id },
];

type Query = Record<string, unknown>;

/**
 * Amounts typed in major units. A bad one is a problem under the API's field name; the use
 * case still runs (inside the same transaction) so every other field is checked too, and
 * the transaction rolls back if anything was wrong.
 */
function readAmounts(values: ServiceFormValues, currency: string): { priceOverrideMinor: number | null; discountMinor: number | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const read = (text: string | undefined, field: string, label: string) => {
    if (!text || text.trim() === '') return null;
    const minor = parseMajorAmount(text, currency);
    if (minor === undefined) problems.push({ field, rule: 'format', message: `${label} must be an amount like 1499.00` });
    return minor ?? null;
  };
  return { priceOverrideMinor: read(values.priceOverride, 'priceOverrideMinor', 'Price override'), discountMinor: read(values.discount, 'discountMinor', 'Discount'), problems };
}

async function withAmountProblems<T>(extra: FieldProblem[], run: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await run();
  } catch (err) {
    if (err instanceof AppError && err.status === 422 && extra.length > 0) throw validationError([...extra, ...err.fields.filter((f) => !extra.some((e) => e.field === f.field))]);
    throw err;
  }
  if (extra.length > 0) throw validationError(extra);
  return result;
}

function formValues(body: Query): ServiceFormValues {
  const t = (k: string) => firstText(body[k]) ?? '';
  return {
    customerId: t('customerId'),
    planId: t('planId'),
    installationId: t('installationId'),
    billingMode: t('billingMode'),
    startOn: t('startOn'),
    status: t('status'),
    priceOverride: t('priceOverride'),
    discount: t('discount'),
    adjustmentReason: t('adjustmentReason'),
    notes: t('notes'),
  };
}

async function listPage(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply): Promise<FastifyReply> {
  const principal = request.principal as StaffPrincipal;
  const query = request.query;
  const status = firstText(query.status);
  const mode = firstText(query.billingMode);
  const sortRaw = firstText(query.sort) ?? 'created';
  const sort: ServiceSort = Object.hasOwn(SERVICE_SORTS, sortRaw) ? (sortRaw as ServiceSort) : 'created';
  const dir = sortDirection(firstText(query.dir), 'desc');
  const filters = {
    q: (firstText(query.q) ?? '').slice(0, 200),
    status: status && Object.hasOwn(SERVICE_STATUS_LABELS, status) ? (status as ServiceView['status']) : undefined,
    planId: firstText(query.planId) || undefined,
    billingMode: mode === 'prepaid' || mode === 'postpaid' ? (mode as 'prepaid' | 'postpaid') : undefined,
    customerId: firstText(query.customerId) || undefined,
    areaId: firstText(query.areaId) || undefined,
    napId: firstText(query.napId) || undefined,
    sort,
    dir,
  };
  const csv = firstText(query.format) === 'csv';
  const data = await inTenant(request, async (ctx) => ({
    page: await listServicesFor(ctx, { ...filters, limit: csv ? CSV_ROW_CAP : PAGE_SIZE, cursor: csv ? undefined : firstText(query.cursor) }),
    plans: csv ? [] : await listActivePlans(ctx),
    options: csv ? { areas: [], naps: [] } : await listCustomerFilterOptions(ctx),
    zone: await findServiceSettings(ctx.trx, ctx.tenantId),
  }));
  if (csv) return sendCsv(reply, 'services', CSV_COLUMNS, data.page.items, calendarDateIn(request.server.clock(), data.zone.timeZone));
  return renderPage(
    reply,
    <ServiceListPage
      principal={principal}
      items={data.page.items}
      nextCursor={data.page.nextCursor}
      params={{ ...filters, cursor: firstText(query.cursor) }}
      plans={data.plans}
      areas={data.options.areas}
      naps={data.options.naps}
      locale={data.zone.locale}
      canManage={can(principal.actor, 'services.manage')}
    />,
  );
}

async function renderForm(request: FastifyRequest, reply: FastifyReply, values: ServiceFormValues, errors: Record<string, string> = {}, status = 200): Promise<FastifyReply> {
  const principal = request.principal as StaffPrincipal;
  const data = await inTenant(request, (ctx) => getServiceForm(ctx, { customerId: values.customerId ?? '' }));
  return renderPage(
    reply.status(status),
    <ServiceFormPage
      principal={principal}
      customer={data.customer}
      plans={data.plans}
      installations={data.installations}
      currency={data.currency}
      locale={data.locale}
      values={values}
      errors={errors}
      message={status === 422 ? 'Please fix the highlighted fields. Nothing was saved.' : undefined}
    />,
  );
}

async function showService(request: FastifyRequest, reply: FastifyReply, id: string, options: { notice?: string | undefined; error?: AppError; edit?: ServiceFormValues; status?: number } = {}): Promise<FastifyReply> {
  const principal = request.principal as StaffPrincipal;
  const data = await inTenant(request, async (ctx) => ({
    ...(await getService(ctx, { serviceId: id })),
    plans: await listActivePlans(ctx),
    zone: await findServiceSettings(ctx.trx, ctx.tenantId),
    billing: await loadBillingSettings(ctx.trx, ctx.tenantId),
  }));
  const s = data.service;
  const edit = options.edit ?? {
    priceOverride: s.priceOverrideMinor === null ? '' : minorToMajorText(s.priceOverrideMinor, s.currency),
    discount: s.discountMinor === null ? '' : minorToMajorText(s.discountMinor, s.currency),
    adjustmentReason: s.adjustmentReason,
    notes: s.notes,
  };
  return renderPage(
    reply.status(options.status ?? 200),
    <ServicePage
      principal={principal}
      service={s}
      planHistory={data.planHistory}
      plans={data.plans}
      canManage={can(principal.actor, 'services.manage')}
      zone={data.zone}
      billing={{ planChangeBilling: data.billing.planChangeBilling, cancellationCredit: data.billing.cancellationCredit }}
      edit={edit}
      errors={options.error ? fieldMessages(options.error.fields) : {}}
      notice={options.notice}
      error={options.error?.message}
    />,
  );
}

const scheduledAtPeriodEnd = (body: Query) => firstText(body.when) === 'period_end';

const STEPS: Record<string, (ctx: TenantContext, id: string, body: Query) => Promise<unknown>> = {
  plan: (ctx, id, b) =>
    changeServicePlan(ctx, { serviceId: id, planId: firstText(b.planId) ?? '', when: scheduledAtPeriodEnd(b) ? 'period_end' : 'now', effectiveOn: firstText(b.effectiveOn) ?? '', reason: firstText(b.reason) ?? '' }),
  'cancel-plan-change': (ctx, id) => cancelScheduledPlanChange(ctx, { serviceId: id }),
  activate: (ctx, id) => activateService(ctx, { serviceId: id }),
  suspend: (ctx, id, b) => suspendService(ctx, { serviceId: id, reason: firstText(b.reason) ?? '' }),
  resume: (ctx, id) => resumeService(ctx, { serviceId: id }),
  terminate: (ctx, id, b) => terminateService(ctx, { serviceId: id, endOn: firstText(b.endOn) ?? '', reason: firstText(b.reason) ?? '' }),
};

export async function servicesPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Query }>(PATH, { schema: { hide: true }, onRequest: staffPage('customers.read') }, listPage);

  app.get<{ Querystring: Query }>(`${PATH}/new`, { schema: { hide: true }, onRequest: staffPage('services.manage') }, async (request, reply) =>
    renderForm(request, reply, { customerId: firstText(request.query.customerId) ?? '', billingMode: 'postpaid', status: 'pending' }),
  );

  app.post<{ Body: Query }>(PATH, { schema: { hide: true }, onRequest: staffPage('services.manage') }, async (request, reply) => {
    const values = formValues(request.body ?? {});
    try {
      const service = await inTenant(request, async (ctx) => {
        const amounts = readAmounts(values, (await findServiceSettings(ctx.trx, ctx.tenantId)).currency);
        return withAmountProblems(amounts.problems, () =>
          createService(ctx, {
            customerId: values.customerId ?? '',
            planId: values.planId ?? '',
            installationId: values.installationId || null,
            billingMode: values.billingMode as 'prepaid' | 'postpaid',
            startOn: values.startOn ?? '',
            status: (values.status || 'pending') as 'pending' | 'active',
            priceOverrideMinor: amounts.priceOverrideMinor,
            discountMinor: amounts.discountMinor,
            adjustmentReason: values.adjustmentReason ?? '',
            notes: values.notes ?? '',
          }),
        );
      });
      return reply.redirect(`${PATH}/${service.id}?notice=created`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      return renderForm(request, reply, values, fieldMessages(err.fields), 422);
    }
  });

  app.get<{ Params: { id: string }; Querystring: Query }>(`${PATH}/:id`, { schema: { hide: true }, onRequest: staffPage('customers.read') }, async (request, reply) =>
    showService(request, reply, request.params.id, { notice: ownValue(NOTICES, firstText(request.query.notice)) }),
  );

  app.post<{ Params: { id: string }; Body: Query }>(`${PATH}/:id`, { schema: { hide: true }, onRequest: staffPage('services.manage') }, async (request, reply) => {
    const values = formValues(request.body ?? {});
    try {
      await inTenant(request, async (ctx) => {
        const { service } = await getService(ctx, { serviceId: request.params.id });
        const amounts = readAmounts(values, service.currency);
        return withAmountProblems(amounts.problems, () =>
          updateService(ctx, {
            serviceId: service.id,
            priceOverrideMinor: amounts.priceOverrideMinor,
            discountMinor: amounts.discountMinor,
            adjustmentReason: values.adjustmentReason ?? '',
            notes: values.notes ?? '',
          }),
        );
      });
      return reply.redirect(`${PATH}/${request.params.id}?notice=saved`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 422 && err.status !== 409)) throw err;
      return showService(request, reply, request.params.id, { error: err, edit: values, status: err.status });
    }
  });

  for (const [name, run] of Object.entries(STEPS)) {
    app.post<{ Params: { id: string }; Body: Query }>(`${PATH}/:id/${name}`, { schema: { hide: true }, onRequest: staffPage('services.manage') }, async (request, reply) => {
      try {
        await inTenant(request, (ctx) => run(ctx, request.params.id, request.body ?? {}));
        const notice = name === 'plan' && scheduledAtPeriodEnd(request.body ?? {}) ? 'scheduled' : name;
        return reply.redirect(`${PATH}/${request.params.id}?notice=${notice}`, 303);
      } catch (err) {
        if (!(err instanceof AppError) || (err.status !== 422 && err.status !== 409)) throw err;
        return showService(request, reply, request.params.id, { error: err, status: err.status });
      }
    });
  }
}
