/** /api/v1/charges: one-off charges waiting for an invoice (add, list, cancel). */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { runIdempotent } from '../../http/idempotency.ts';
import { addCharge } from './add-charge.ts';
import { cancelCharge } from './cancel-charge.ts';
import { ChargeSchema, StaffLineBody, presentCharge } from './invoice-schemas.ts';
import { listCharges } from './list-charges.ts';

const AddBody = Type.Composite([Type.Object({ customerId: Type.String({ format: 'uuid' }) }), StaffLineBody], { additionalProperties: false });

const ListQuery = Type.Composite([
  PageQuerySchema,
  Type.Object({
    customerId: Type.Optional(Type.String({ format: 'uuid' })),
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('invoiced'), Type.Literal('cancelled')])),
  }),
]);

const CancelBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

const tags = ['charges'];

export async function chargesApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/charges',
    { onRequest: apiAuth('billing.read'), schema: { tags, summary: 'List charges, newest first', querystring: ListQuery, response: { 200: pageOf(ChargeSchema), ...problemResponses } } },
    async (request) => {
      const page = await inTenant(request, (ctx) => listCharges(ctx, request.query));
      return { items: page.items.map(presentCharge), nextCursor: page.nextCursor };
    },
  );

  app.post<{ Body: Static<typeof AddBody> }>(
    '/api/v1/charges',
    {
      onRequest: apiAuth('billing.manage'),
      schema: { tags, summary: 'Add a one-off charge; the next invoice for the customer takes it', body: AddBody, response: { 201: ChargeSchema, ...problemResponses } },
    },
    async (request, reply) =>
      runIdempotent(request, reply, { operation: 'charges.add', body: request.body, status: 201 }, async (ctx) => presentCharge(await addCharge(ctx, request.body))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof CancelBody> }>(
    '/api/v1/charges/:id/cancel',
    {
      onRequest: apiAuth('billing.manage'),
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: { tags, summary: 'Cancel a pending charge (409 charge_not_pending once invoiced)', params: IdParamsSchema, body: CancelBody, response: { 200: ChargeSchema, ...problemResponses } },
    },
    async (request) => presentCharge(await inTenant(request, (ctx) => cancelCharge(ctx, { chargeId: request.params.id, reason: request.body.reason }))),
  );
}
