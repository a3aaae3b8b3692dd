/** /api/v1/plans: list (filters, sort, cursor), get, create, edit, retire, reactivate, delete. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { createPlan } from './create-plan.ts';
import { deletePlan } from './delete-plan.ts';
import { getPlan, listPlans } from './list-plans.ts';
import type { PlanView } from './plans-repository.ts';
import { reactivatePlan } from './reactivate-plan.ts';
import { retirePlan } from './retire-plan.ts';
import { updatePlan } from './update-plan.ts';

const Minor = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });
const PeriodUnitSchema = Type.Union([Type.Literal('month'), Type.Literal('day')]);

export const PlanSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    downloadMbps: Type.Integer(),
    uploadMbps: Type.Integer(),
    priceMinor: Type.Integer({ description: 'Price of one billing period in minor units of currency' }),
    currency: Type.String({ description: 'ISO 4217 code; the tenant currency when the plan was created' }),
    periodUnit: PeriodUnitSchema,
    periodCount: Type.Integer({ description: 'Months (1-12) or days (1-366) in one billing period' }),
    setupFeeMinor: Type.Union([Type.Integer(), Type.Null()]),
    taxClass: Type.String(),
    description: Type.String(),
    active: Type.Boolean({ description: 'false once retired: kept by existing services, not offered for new ones' }),
    retiredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    externalRef: Type.Union([Type.String(), Type.Null()]),
    serviceCount: Type.Integer({ description: 'Services on the plan that are not terminated' }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'ServicePlan', description: 'A service plan: speeds, price per billing period, setup fee and tax class' },
);
type Plan = Static<typeof PlanSchema>;

const ListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Matches part of the name, description or tax class' })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('retired')])),
    sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('price'), Type.Literal('download'), Type.Literal('created')], { default: 'name' })),
    dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' })),
  }),
]);

const fields = {
  downloadMbps: Type.Integer({ minimum: 1, maximum: 100000 }),
  uploadMbps: Type.Integer({ minimum: 1, maximum: 100000 }),
  priceMinor: Minor('Price of one billing period, in minor units of the tenant currency (149900 = 1,499.00 PHP)'),
  periodUnit: Type.Optional(PeriodUnitSchema),
  periodCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
  setupFeeMinor: Type.Optional(Type.Union([Minor('One-time setup fee in minor units'), Type.Null()])),
  taxClass: Type.Optional(Type.String({ maxLength: 100, description: 'lower_snake key, default "standard"' })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  externalRef: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
};

const CreateBodySchema = Type.Object({ name: Type.String({ maxLength: 500 }), ...fields }, { additionalProperties: false });

const UpdateBodySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 500 })),
    ...fields,
    downloadMbps: Type.Optional(fields.downloadMbps),
    uploadMbps: Type.Optional(fields.uploadMbps),
    priceMinor: Type.Optional(fields.priceMinor),
  },
  { additionalProperties: false },
);

function present(plan: PlanView): Plan {
  return { ...plan, retiredAt: plan.retiredAt?.toISOString() ?? null, createdAt: plan.createdAt.toISOString(), updatedAt: plan.updatedAt.toISOString() };
}

export async function plansApi(app: FastifyInstance): Promise<void> {
  const one = { params: IdParamsSchema, response: { 200: PlanSchema, ...problemResponses } };

  app.get<{ Querystring: Static<typeof ListQuerySchema> }>(
    '/api/v1/plans',
    {
      onRequest: apiAuth('customers.read'),
      schema: { tags: ['plans'], summary: 'List service plans', querystring: ListQuerySchema, response: { 200: pageOf(PlanSchema), ...problemResponses } },
    },
    async (request) => {
      const { limit = 50, ...query } = request.query;
      const page = await inTenant(request, (ctx) => listPlans(ctx, { ...query, limit }));
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/plans/:id',
    { onRequest: apiAuth('customers.read'), schema: { tags: ['plans'], summary: 'One service plan', ...one } },
    async (request) => present(await inTenant(request, (ctx) => getPlan(ctx, { planId: request.params.id }))),
  );

  app.post<{ Body: Static<typeof CreateBodySchema> }>(
    '/api/v1/plans',
    {
      onRequest: apiAuth('plans.manage'),
      schema: { tags: ['plans'], summary: 'Add a service plan in the tenant currency', body: CreateBodySchema, response: { 201: PlanSchema, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(present(await inTenant(request, (ctx) => createPlan(ctx, request.body)))),
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof UpdateBodySchema> }>(
    '/api/v1/plans/:id',
    {
      onRequest: apiAuth('plans.manage'),
      schema: {
        tags: ['plans'],
        summary: 'Edit a service plan (omitted fields stay; a new price applies to services from their next billing period)',
        body: UpdateBodySchema,
        ...one,
      },
    },
    async (request) => present(await inTenant(request, (ctx) => updatePlan(ctx, { ...request.body, planId: request.params.id }))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/plans/:id/retire',
    { onRequest: apiAuth('plans.manage'), schema: { tags: ['plans'], summary: 'Retire a plan: existing services keep it, new services cannot choose it', ...one } },
    async (request) => present(await inTenant(request, (ctx) => retirePlan(ctx, { planId: request.params.id }))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/plans/:id/reactivate',
    { onRequest: apiAuth('plans.manage'), schema: { tags: ['plans'], summary: 'Offer a retired plan for new services again', ...one } },
    async (request) => present(await inTenant(request, (ctx) => reactivatePlan(ctx, { planId: request.params.id }))),
  );

  app.delete<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/plans/:id',
    {
      onRequest: apiAuth('plans.manage'),
      schema: {
        tags: ['plans'],
        summary: 'Delete a plan no service has used (409 plan_in_use otherwise: retire it instead)',
        params: IdParamsSchema,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await inTenant(request, (ctx) => deletePlan(ctx, { planId: request.params.id }));
      return reply.status(204).send();
    },
  );
}
