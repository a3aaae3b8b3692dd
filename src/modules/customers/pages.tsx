/**
 * /app/customers: the list (and its CSV export), add, the customer page, edit, and the status
 * form. A form with a wrong field comes back with the values and messages (422), nothing saved.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { sendCsv, type CsvColumn } from '../../http/csv-export.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { fieldMessages } from '../../views/layout.tsx';
import type { ListParams } from '../../views/list-controls.tsx';
import { listAreaOptions } from '../areas/area-options.ts';
import { can } from '../context.ts';
import { changeCustomerStatus } from './change-customer-status.ts';
import { createCustomer } from './create-customer.ts';
import { CustomerFormPage, customerFormValues, type CustomerFormValues } from './customer-form-view.tsx';
import { splitTags } from './customer-input.ts';
import { CustomerListPage } from './customer-list-view.tsx';
import { CustomerPage, type StatusFormState } from './customer-page-view.tsx';
import { findCustomerSettings, type CustomerView } from './customers-repository.ts';
import { exportCustomers, type CustomerExportRow } from './export-customers.ts';
import { getCustomer } from './get-customer.ts';
import { getCustomerOverview } from './get-customer-overview.ts';
import { listCustomerFilterOptions } from './list-customer-filter-options.ts';
import { listCustomers } from './list-customers.ts';
import { updateCustomer } from './update-customer.ts';
import { ownValue } from '../../lib/own-value.ts';
import { firstText as text } from '../../http/form-values.ts';

const PAGE_SIZE = 50;
const LIST_KEYS = ['q', 'status', 'areaId', 'planId', 'napId', 'tag', 'sort', 'dir', 'cursor'] as const;
const NOTICES: Record<string, string> = { created: 'Customer added.', updated: 'Changes saved.', status: 'Status changed.' };
const FORM_MESSAGE = 'Please fix the highlighted fields. Nothing was saved.';


/**
 * The columns and formats of `lastmile import customers` (docs/OPERATIONS.md "Moving from a
 * spreadsheet"), so the file imports into another company as it is; the importer refuses
 * unknown columns, so nothing else goes in. A customer added in the app has no external
 * reference of its own: its account number stands in.
 */
const CSV_COLUMNS: CsvColumn<CustomerExportRow>[] = [
  { header: 'external_ref', value: (r) => r.externalRef ?? r.accountNumber },
  { header: 'first_name', value: (r) => r.firstName },
  { header: 'last_name', value: (r) => r.lastName },
  { header: 'company_name', value: (r) => r.companyName },
  { header: 'email', value: (r) => r.email },
  // A quote before "+63" would make the importer refuse the number (see CsvColumn.verbatim).
  { header: 'phone', value: (r) => r.phone, verbatim: true },
  { header: 'alt_phone', value: (r) => r.altPhone, verbatim: true },
  { header: 'service_address', value: (r) => r.serviceAddress },
  { header: 'area_code', value: (r) => r.areaCode },
  { header: 'area_path', value: (r) => r.areaPath },
  { header: 'latitude', value: (r) => (r.latitude === null ? null : Number(r.latitude)) },
  { header: 'longitude', value: (r) => (r.longitude === null ? null : Number(r.longitude)) },
  { header: 'location_accuracy', value: (r) => r.locationAccuracy },
  { header: 'location_notes', value: (r) => r.locationNotes },
  { header: 'status', value: (r) => r.status },
  { header: 'notes', value: (r) => r.notes },
  { header: 'tags', value: (r) => r.tags.join(';') },
];

async function showList(request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply): Promise<FastifyReply> {
  const principal = request.principal as StaffPrincipal;
  const params: ListParams = {};
  for (const key of LIST_KEYS) params[key] = text(request.query[key])?.slice(0, 500);
  if (text(request.query.format) === 'csv') {
    const data = await inTenant(request, async (ctx) => ({ ...(await exportCustomers(ctx, params)), settings: await findCustomerSettings(ctx.trx, ctx.tenantId) }));
    if (data.truncated) reply.header('x-export-truncated', 'true');
    return sendCsv(reply, 'customers', CSV_COLUMNS, data.rows, calendarDateIn(request.server.clock(), data.settings.timeZone));
  }
  const data = await inTenant(request, async (ctx) => {
    const options = await listCustomerFilterOptions(ctx);
    const settings = await findCustomerSettings(ctx.trx, ctx.tenantId);
    try {
      return { options, settings, page: await listCustomers(ctx, { ...params, limit: PAGE_SIZE }), errors: {} };
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 422 && err.status !== 400)) throw err;
      return { options, settings, page: { items: [], nextCursor: null }, errors: fieldMessages(err.fields) };
    }
  });
  return renderPage(
    reply.status(Object.keys(data.errors).length > 0 ? 422 : 200),
    <CustomerListPage
      principal={principal}
      items={data.page.items}
      nextCursor={data.page.nextCursor}
      params={params}
      options={data.options}
      errors={data.errors}
      canManage={can(principal.actor, 'customers.manage')}
      timeZone={data.settings.timeZone}
      notice={ownValue(NOTICES, text(request.query.notice))}
    />,
  );
}

/** The form's text fields as use-case input: tags split on commas, the rest as typed. */
function formInput(v: CustomerFormValues) {
  return {
    firstName: v.firstName,
    lastName: v.lastName,
    companyName: v.companyName,
    email: v.email,
    phone: v.phone,
    altPhone: v.altPhone,
    serviceAddress: v.serviceAddress,
    areaId: v.areaId,
    latitude: v.latitude,
    longitude: v.longitude,
    locationAccuracy: v.locationAccuracy,
    locationNotes: v.locationNotes,
    notes: v.notes,
    tags: splitTags(v.tags),
    externalRef: v.externalRef,
  };
}

function formValues(body: unknown): CustomerFormValues {
  const raw = (body ?? {}) as Record<string, unknown>;
  const keys: (keyof CustomerFormValues)[] = [
    'firstName',
    'lastName',
    'companyName',
    'email',
    'phone',
    'altPhone',
    'serviceAddress',
    'areaId',
    'latitude',
    'longitude',
    'locationAccuracy',
    'locationNotes',
    'notes',
    'tags',
    'externalRef',
    'status',
  ];
  return Object.fromEntries(keys.map((k) => [k, text(raw[k]) ?? ''])) as CustomerFormValues;
}

async function showForm(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { values: CustomerFormValues; customer?: CustomerView | undefined; err?: AppError | undefined },
): Promise<FastifyReply> {
  const data = await inTenant(request, async (ctx) => ({ areas: await listAreaOptions(ctx), settings: await findCustomerSettings(ctx.trx, ctx.tenantId) }));
  return renderPage(
    reply.status(options.err ? 422 : 200),
    <CustomerFormPage
      principal={request.principal as StaffPrincipal}
      customer={options.customer}
      values={options.values}
      errors={options.err ? fieldMessages(options.err.fields) : {}}
      message={options.err ? FORM_MESSAGE : undefined}
      areas={data.areas}
      map={{ tileUrl: data.settings.mapTileUrl, attribution: data.settings.mapAttribution }}
    />,
  );
}

async function showCustomer(request: FastifyRequest, reply: FastifyReply, customerId: string, options: { statusForm?: StatusFormState; notice?: string | undefined } = {}) {
  const overview = await inTenant(request, (ctx) => getCustomerOverview(ctx, { customerId }));
  return renderPage(
    reply.status(options.statusForm ? 422 : 200),
    <CustomerPage principal={request.principal as StaffPrincipal} overview={overview} statusForm={options.statusForm} notice={options.notice} />,
  );
}

const is422 = (err: unknown): err is AppError => err instanceof AppError && err.status === 422;

export async function customersPages(app: FastifyInstance): Promise<void> {
  const read = { schema: { hide: true }, onRequest: staffPage('customers.read') };
  const manage = { schema: { hide: true }, onRequest: staffPage('customers.manage') };

  app.get<{ Querystring: Record<string, unknown> }>('/app/customers', read, showList);

  app.get('/app/customers/new', manage, async (request, reply) => showForm(request, reply, { values: { status: 'lead' } }));

  app.post('/app/customers', manage, async (request, reply) => {
    const values = formValues(request.body);
    try {
      const created = await inTenant(request, (ctx) => createCustomer(ctx, { ...formInput(values), status: values.status || undefined }));
      return reply.redirect(`/app/customers/${created.id}?notice=created`, 303);
    } catch (err) {
      if (is422(err)) return showForm(request, reply, { values, err });
      throw err;
    }
  });

  app.get<{ Params: { id: string }; Querystring: { notice?: string } }>('/app/customers/:id', read, async (request, reply) =>
    showCustomer(request, reply, request.params.id, { notice: ownValue(NOTICES, text(request.query.notice)) }),
  );

  app.get<{ Params: { id: string } }>('/app/customers/:id/edit', manage, async (request, reply) => {
    const customer = await inTenant(request, (ctx) => getCustomer(ctx, { customerId: request.params.id }));
    return showForm(request, reply, { values: customerFormValues(customer), customer });
  });

  app.post<{ Params: { id: string } }>('/app/customers/:id', manage, async (request, reply) => {
    const values = formValues(request.body);
    try {
      await inTenant(request, (ctx) => updateCustomer(ctx, { ...formInput(values), customerId: request.params.id }));
      return reply.redirect(`/app/customers/${request.params.id}?notice=updated`, 303);
    } catch (err) {
      if (!is422(err)) throw err;
      const customer = await inTenant(request, (ctx) => getCustomer(ctx, { customerId: request.params.id }));
      return showForm(request, reply, { values, customer, err });
    }
  });

  app.post<{ Params: { id: string } }>('/app/customers/:id/status', manage, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { status: text(body.status) ?? '', reason: text(body.reason) ?? '', effectiveOn: text(body.effectiveOn) ?? '' };
    try {
      await inTenant(request, (ctx) => changeCustomerStatus(ctx, { ...values, customerId: request.params.id }));
      return reply.redirect(`/app/customers/${request.params.id}?notice=status#status`, 303);
    } catch (err) {
      if (!is422(err)) throw err;
      return showCustomer(request, reply, request.params.id, { statusForm: { values, errors: fieldMessages(err.fields), message: 'The status was not changed.' } });
    }
  });
}
