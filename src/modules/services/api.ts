/** /api/v1/services: list, get (with plan history), create, change plan (now or at period end), status steps, edit. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import type { TenantContext } from '../context.ts';
import { activateService } from './activate-service.ts';
import { cancelScheduledPlanChange } from './cancel-scheduled-plan-change.ts';
import { changeServicePlan } from './change-service-plan.ts';
import { createService } from './create-service.ts';
import { getService, listServicesFor } from './get-service.ts';
import { resumeService } from './resume-service.ts';
import type { PlanChangeView, ServiceView } from './services-repository.ts';
import { suspendService } from './suspend-service.ts';
import { terminateService } from './terminate-service.ts';
import { updateService } from './update-service.ts';

const Uuid = Type.String({ format: 'uuid' });
const NullableUuid = Type.Union([Uuid, Type.Null()]);
const DateText = Type.String({ format: 'date', description: 'YYYY-MM-DD in the company time zone' });
const OptionalDate = Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()]));
const StatusSchema = Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('suspended'), Type.Literal('terminated')]);
const BillingModeSchema = Type.Union([Type.Literal('prepaid'), Type.Literal('postpaid')]);
const Minor = Type.Union([Type.Integer({ minimum: 0, description: 'Minor units of the plan currency' }), Type.Null()]);

export const ServiceSchema = Type.Object(
  {
    id: Uuid,
    customerId: Uuid,
    customerName: Type.String(),
    accountNumber: Type.String(),
    planId: Uuid,
    planName: Type.String(),
    planPriceMinor: Type.Integer(),
    currency: Type.String(),
    installationId: NullableUuid,
    billingMode: BillingModeSchema,
    startOn: DateText,
    endOn: Type.Union([DateText, Type.Null()]),
    status: StatusSchema,
    priceOverrideMinor: Minor,
    discountMinor: Minor,
    adjustmentReason: Type.String(),
    notes: Type.String(),
    externalRef: Type.Union([Type.String(), Type.Null()]),
    billedUntil: Type.Union([DateText, Type.Null()], { description: 'End (exclusive) of the last invoiced (postpaid) or bought (prepaid) period; null before the first invoice' }),
    scheduledPlanChange: Type.Union([
      Type.Object(
        { id: Uuid, toPlanId: Uuid, toPlanName: Type.String(), effectiveOn: DateText },
        { description: 'A plan change waiting for the end of the invoiced period; the billing run applies it before billing the period that starts on effectiveOn' },
      ),
      Type.Null(),
    ]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Service', description: 'A customer subscribed to a plan' },
);

const PlanChangeSchema = Type.Object({
  id: Uuid,
  fromPlanId: NullableUuid,
  fromPlanName: Type.Union([Type.String(), Type.Null()]),
  toPlanId: Uuid,
  toPlanName: Type.String(),
  effectiveOn: DateText,
  reason: Type.String(),
  changedAt: Type.String({ format: 'date-time' }),
  actor: Type.String(),
});

const ServiceWithHistorySchema = Type.Composite([ServiceSchema, Type.Object({ planHistory: Type.Array(PlanChangeSchema) })]);

const ListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Customer name, account number or plan name' })),
    status: Type.Optional(StatusSchema),
    planId: Type.Optional(Uuid),
    billingMode: Type.Optional(BillingModeSchema),
    customerId: Type.Optional(Uuid),
    areaId: Type.Optional(Type.String({ format: 'uuid', description: 'The customer is in this area or an area below it' })),
    napId: Type.Optional(Type.String({ format: 'uuid', description: 'The service’s installation holds a port of this NAP' })),
    sort: Type.Optional(Type.Union([Type.Literal('created'), Type.Literal('start'), Type.Literal('customer'), Type.Literal('plan'), Type.Literal('status')])),
    dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  }),
]);

const CreateBodySchema = Type.Object(
  {
    customerId: Uuid,
    planId: Uuid,
    installationId: Type.Optional(NullableUuid),
    billingMode: BillingModeSchema,
    startOn: Type.String({ maxLength: 20 }),
    status: Type.Optional(
      Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('suspended')], {
        description: 'Default pending. suspended records an existing subscription that is cut off today (the only status allowed for a suspended or disconnected customer)',
      }),
    ),
    priceOverrideMinor: Type.Optional(Minor),
    discountMinor: Type.Optional(Minor),
    adjustmentReason: Type.Optional(Type.String({ maxLength: 1000 })),
    notes: Type.Optional(Type.String({ maxLength: 5000 })),
    externalRef: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const UpdateBodySchema = Type.Object(
  {
    priceOverrideMinor: Type.Optional(Minor),
    discountMinor: Type.Optional(Minor),
    adjustmentReason: Type.Optional(Type.String({ maxLength: 1000 })),
    billingMode: Type.Optional(BillingModeSchema),
    notes: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

const PlanBody = Type.Object(
  {
    planId: Uuid,
    when: Type.Optional(
      Type.Union([Type.Literal('now'), Type.Literal('period_end')], {
        description: 'now (default): from effectiveOn. period_end: at the end of the invoiced period (billedUntil), no money moves now; postpaid services that have been invoiced',
      }),
    ),
    effectiveOn: OptionalDate,
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
const ReasonBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });
const TerminateBody = Type.Object({ endOn: OptionalDate, reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });

export function presentService(s: ServiceView): Static<typeof ServiceSchema> {
  return { ...s, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
}

function presentChange(c: PlanChangeView): Static<typeof PlanChangeSchema> {
  const { actorLabel, changedAt, ...rest } = c;
  return { ...rest, changedAt: changedAt.toISOString(), actor: actorLabel };
}

export async function servicesApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof ListQuerySchema> }>(
    '/api/v1/services',
    { onRequest: apiAuth('customers.read'), schema: { tags: ['services'], summary: 'List services', querystring: ListQuerySchema, response: { 200: pageOf(ServiceSchema), ...problemResponses } } },
    async (request) => {
      const { limit = 50, sort = 'created', dir = 'desc', ...filters } = request.query;
      const page = await inTenant(request, (ctx) => listServicesFor(ctx, { ...filters, limit, sort, dir }));
      return { items: page.items.map(presentService), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/services/:id',
    { onRequest: apiAuth('customers.read'), schema: { tags: ['services'], summary: 'One service with its plan history', params: IdParamsSchema, response: { 200: ServiceWithHistorySchema, ...problemResponses } } },
    async (request) => {
      const { service, planHistory } = await inTenant(request, (ctx) => getService(ctx, { serviceId: request.params.id }));
      return { ...presentService(service), planHistory: planHistory.map(presentChange) };
    },
  );

  app.post<{ Body: Static<typeof CreateBodySchema> }>(
    '/api/v1/services',
    { onRequest: apiAuth('services.manage'), schema: { tags: ['services'], summary: 'Subscribe a customer to an active plan', body: CreateBodySchema, response: { 201: ServiceSchema, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(presentService(await inTenant(request, (ctx) => createService(ctx, request.body)))),
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof UpdateBodySchema> }>(
    '/api/v1/services/:id',
    {
      onRequest: apiAuth('services.manage'),
      schema: { tags: ['services'], summary: 'Edit price override, discount (with a reason), billing mode, notes', params: IdParamsSchema, body: UpdateBodySchema, response: { 200: ServiceSchema, ...problemResponses } },
    },
    async (request) => presentService(await inTenant(request, (ctx) => updateService(ctx, { ...request.body, serviceId: request.params.id }))),
  );

  /** One step: POST /api/v1/services/:id/<step>; every field is optional, so no body means {}. */
  function step<B extends TSchema>(path: string, summary: string, bodySchema: B, run: (ctx: TenantContext, id: string, body: Static<B>) => Promise<ServiceView>): void {
    app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<B> }>(
      `/api/v1/services/:id/${path}`,
      {
        onRequest: apiAuth('services.manage'),
        preValidation: async (request) => {
          request.body ??= {} as Static<B>;
        },
        schema: { tags: ['services'], summary, params: IdParamsSchema, body: bodySchema, response: { 200: ServiceSchema, ...problemResponses } },
      },
      async (request) => presentService(await inTenant(request, (ctx) => run(ctx, request.params.id, request.body))),
    );
  }

  step(
    'plan',
    'Change plan from today or an earlier date (default today; a future date is a 422), or at the end of the invoiced period (when: period_end). Inside an invoiced period, the unused days of the old plan are credited and the new plan charged for them, on the next invoice or at once (company setting)',
    PlanBody,
    (ctx, id, b) => changeServicePlan(ctx, { serviceId: id, ...b }),
  );
  step('cancel-plan-change', 'Cancel the plan change scheduled for the end of the period', Type.Object({}, { additionalProperties: false }), (ctx, id) => cancelScheduledPlanChange(ctx, { serviceId: id }));
  step('activate', 'Activate a pending service', Type.Object({}, { additionalProperties: false }), (ctx, id) => activateService(ctx, { serviceId: id }));
  step('suspend', 'Suspend an active service', ReasonBody, (ctx, id, b) => suspendService(ctx, { serviceId: id, ...b }));
  step('resume', 'Resume a suspended service', Type.Object({}, { additionalProperties: false }), (ctx, id) => resumeService(ctx, { serviceId: id }));
  step('terminate', 'Terminate a service (endOn defaults to today). Invoiced days after endOn are credited on a credit note when the company credits cancellations (prorated); pending plan-change prorations are invoiced up to endOn', TerminateBody, (ctx, id, b) => terminateService(ctx, { serviceId: id, ...b }));
}
