/** /api/v1/customers: search and list, get, create, edit, change status, status history. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { changeCustomerStatus } from './change-customer-status.ts';
import { createCustomer } from './create-customer.ts';
import type { CustomerListRow } from './customer-search-repository.ts';
import type { CustomerView, StatusChangeView } from './customers-repository.ts';
import { getCustomer } from './get-customer.ts';
import { listCustomerStatusChanges } from './list-customer-status-changes.ts';
import { listCustomers } from './list-customers.ts';
import { updateCustomer } from './update-customer.ts';

const StatusSchema = Type.Union([Type.Literal('lead'), Type.Literal('active'), Type.Literal('suspended'), Type.Literal('disconnected'), Type.Literal('terminated')]);
const AccuracySchema = Type.Union([Type.Literal('exact'), Type.Literal('approximate'), Type.Literal('address'), Type.Literal('manual'), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

const CustomerFields = {
  id: Type.String({ format: 'uuid' }),
  accountNumber: Type.String({ description: 'From the tenant counter with its prefix, e.g. ACC-000123; never changes' }),
  displayName: Type.String({ description: 'The company name, else "first last"' }),
  firstName: Type.String(),
  lastName: Type.String(),
  companyName: Type.String(),
  email: NullableString,
  phone: Type.String(),
  altPhone: Type.String(),
  serviceAddress: Type.String(),
  areaId: NullableString,
  areaName: NullableString,
  latitude: NullableNumber,
  longitude: NullableNumber,
  locationAccuracy: AccuracySchema,
  status: StatusSchema,
  tags: Type.Array(Type.String()),
  externalRef: NullableString,
  createdAt: DateTime,
};

export const CustomerSchema = Type.Object(
  { ...CustomerFields, locationNotes: Type.String(), statusChangedAt: DateTime, notes: Type.String(), updatedAt: DateTime },
  { $id: 'Customer', description: 'A subscriber of the ISP' },
);
const CustomerListItemSchema = Type.Object(CustomerFields, { $id: 'CustomerListItem', description: 'A subscriber as lists show it' });

const StatusChangeSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    fromStatus: Type.Union([StatusSchema, Type.Null()]),
    toStatus: StatusSchema,
    reason: Type.String(),
    effectiveOn: Type.String({ format: 'date', description: 'Calendar date in the tenant time zone' }),
    changedAt: DateTime,
    actorLabel: Type.String(),
  },
  { $id: 'CustomerStatusChange' },
);

const ListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the name, account number, phone (digits are enough) or e-mail' })),
    status: Type.Optional(StatusSchema),
    areaId: Type.Optional(Type.String({ format: 'uuid', description: 'This area and every area below it' })),
    planId: Type.Optional(Type.String({ format: 'uuid', description: 'Has a service on this plan that is not terminated' })),
    napId: Type.Optional(Type.String({ format: 'uuid', description: 'Has an installation holding a port of this NAP' })),
    tag: Type.Optional(Type.String({ maxLength: 40 })),
    sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('account'), Type.Literal('created'), Type.Literal('status')], { default: 'name' })),
    dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { description: 'Default asc; desc for created' })),
  }),
]);

const EditableFields = {
  firstName: Type.Optional(Type.String({ maxLength: 300 })),
  lastName: Type.Optional(Type.String({ maxLength: 300 })),
  companyName: Type.Optional(Type.String({ maxLength: 500 })),
  email: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  phone: Type.Optional(Type.String({ maxLength: 100 })),
  altPhone: Type.Optional(Type.String({ maxLength: 100 })),
  serviceAddress: Type.Optional(Type.String({ maxLength: 2000 })),
  areaId: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  latitude: Type.Optional(Type.Union([Type.Number(), Type.String({ maxLength: 40 }), Type.Null()])),
  longitude: Type.Optional(Type.Union([Type.Number(), Type.String({ maxLength: 40 }), Type.Null()])),
  locationAccuracy: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
  locationNotes: Type.Optional(Type.String({ maxLength: 2000 })),
  notes: Type.Optional(Type.String({ maxLength: 20000 })),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200, description: 'Lower-cased and deduplicated; at most 20 of 40 characters' })),
  externalRef: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
};

const CreateBodySchema = Type.Object(
  { ...EditableFields, status: Type.Optional(StatusSchema) },
  { additionalProperties: false, description: 'A first name or a company name is required; everything else is optional' },
);
const UpdateBodySchema = Type.Object(EditableFields, {
  additionalProperties: false,
  description: 'Only the fields sent change. The status changes through POST /api/v1/customers/{id}/status',
});
const StatusBodySchema = Type.Object(
  {
    status: StatusSchema,
    reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Required for suspended, disconnected and terminated' })),
    effectiveOn: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD in the tenant time zone; default today' })),
  },
  { additionalProperties: false },
);

function presentItem(c: CustomerListRow | CustomerView): Static<typeof CustomerListItemSchema> {
  return {
    id: c.id,
    accountNumber: c.accountNumber,
    displayName: c.displayName,
    firstName: c.firstName,
    lastName: c.lastName,
    companyName: c.companyName,
    email: c.email,
    phone: c.phone,
    altPhone: c.altPhone,
    serviceAddress: c.serviceAddress,
    areaId: c.areaId,
    areaName: c.areaName,
    latitude: c.latitude,
    longitude: c.longitude,
    locationAccuracy: c.locationAccuracy,
    status: c.status,
    tags: c.tags,
    externalRef: c.externalRef,
    createdAt: c.createdAt.toISOString(),
  };
}

function present(c: CustomerView): Static<typeof CustomerSchema> {
  return { ...presentItem(c), locationNotes: c.locationNotes, statusChangedAt: c.statusChangedAt.toISOString(), notes: c.notes, updatedAt: c.updatedAt.toISOString() };
}

function presentChange(s: StatusChangeView): Static<typeof StatusChangeSchema> {
  return { id: s.id, fromStatus: s.fromStatus, toStatus: s.toStatus, reason: s.reason, effectiveOn: s.effectiveOn, changedAt: s.changedAt.toISOString(), actorLabel: s.actorLabel };
}

export async function customersApi(app: FastifyInstance): Promise<void> {
  const tags = ['customers'];

  app.get<{ Querystring: Static<typeof ListQuerySchema> }>(
    '/api/v1/customers',
    {
      onRequest: apiAuth('customers.read'),
      schema: { tags, summary: 'Search and list subscribers', querystring: ListQuerySchema, response: { 200: pageOf(CustomerListItemSchema), ...problemResponses } },
    },
    async (request) => {
      const { limit = 50, ...query } = request.query;
      const page = await inTenant(request, (ctx) => listCustomers(ctx, { ...query, limit }));
      return { items: page.items.map(presentItem), nextCursor: page.nextCursor };
    },
  );

  app.post<{ Body: Static<typeof CreateBodySchema> }>(
    '/api/v1/customers',
    {
      onRequest: apiAuth('customers.manage'),
      schema: { tags, summary: 'Add a subscriber (status lead unless given)', body: CreateBodySchema, response: { 201: CustomerSchema, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(present(await inTenant(request, (ctx) => createCustomer(ctx, request.body)))),
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/customers/:id',
    { onRequest: apiAuth('customers.read'), schema: { tags, summary: 'One subscriber', params: IdParamsSchema, response: { 200: CustomerSchema, ...problemResponses } } },
    async (request) => present(await inTenant(request, (ctx) => getCustomer(ctx, { customerId: request.params.id }))),
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof UpdateBodySchema> }>(
    '/api/v1/customers/:id',
    {
      onRequest: apiAuth('customers.manage'),
      schema: { tags, summary: 'Edit a subscriber’s details', params: IdParamsSchema, body: UpdateBodySchema, response: { 200: CustomerSchema, ...problemResponses } },
    },
    async (request) => present(await inTenant(request, (ctx) => updateCustomer(ctx, { ...request.body, customerId: request.params.id }))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof StatusBodySchema> }>(
    '/api/v1/customers/:id/status',
    {
      onRequest: apiAuth('customers.manage'),
      schema: {
        tags,
        summary: 'Change a subscriber’s status (kept in the status history)',
        params: IdParamsSchema,
        body: StatusBodySchema,
        response: { 200: CustomerSchema, ...problemResponses },
      },
    },
    async (request) => present(await inTenant(request, (ctx) => changeCustomerStatus(ctx, { ...request.body, customerId: request.params.id }))),
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/customers/:id/status-history',
    {
      onRequest: apiAuth('customers.read'),
      schema: {
        tags,
        summary: 'Every status the subscriber has had, oldest first',
        params: IdParamsSchema,
        response: { 200: Type.Object({ items: Type.Array(StatusChangeSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: (await inTenant(request, (ctx) => listCustomerStatusChanges(ctx, { customerId: request.params.id }))).map(presentChange) }),
  );
}
