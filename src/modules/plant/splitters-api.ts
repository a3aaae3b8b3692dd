/** /api/v1/splitters: list (search, filters, sort), get, create, edit, deactivate, reactivate. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { createSplitter } from './create-splitter.ts';
import { deactivatePlantItem } from './deactivate-plant-item.ts';
import { listSplitters } from './list-splitters.ts';
import { SplitterSchema, presentSplitter } from './plant-api-schemas.ts';
import { reactivatePlantItem } from './reactivate-plant-item.ts';
import { getSplitter } from './read-plant.ts';
import { updateSplitter } from './update-splitter.ts';

const ListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Matches part of the splitter code or its LCP code' })),
    lcpId: Type.Optional(Type.String({ format: 'uuid' })),
    active: Type.Optional(Type.Boolean()),
    hasFreePorts: Type.Optional(Type.Boolean({ description: 'Only splitters with (true) or without (false) a NAP port a new installation could take' })),
    sort: Type.Optional(
      Type.Union([Type.Literal('branch'), Type.Literal('code'), Type.Literal('ratio'), Type.Literal('created')], {
        default: 'branch',
        description: 'branch = LCP code, feeder port, splitter code',
      }),
    ),
    dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' })),
  }),
]);

const fields = {
  notes: Type.Optional(Type.String({ maxLength: 5000 })),
  externalRef: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
};
const Ratio = Type.Integer({ description: '2, 4, 8, 16, 32 or 64 (1:ratio)' });
const LcpPort = Type.Integer({ description: 'The LCP feeder port it hangs from (1..the LCP port count, free)' });

const CreateBodySchema = Type.Object(
  { lcpId: Type.String({ maxLength: 100 }), code: Type.String({ maxLength: 200 }), ratio: Ratio, lcpPort: LcpPort, ...fields },
  { additionalProperties: false },
);
const UpdateBodySchema = Type.Object(
  { code: Type.Optional(Type.String({ maxLength: 200 })), ratio: Type.Optional(Ratio), lcpPort: Type.Optional(LcpPort), ...fields },
  { additionalProperties: false },
);

const tags = ['network'];

export async function splittersApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof ListQuerySchema> }>(
    '/api/v1/splitters',
    {
      onRequest: apiAuth('network.read'),
      schema: { tags, summary: 'List splitters with capacity: search, filter by LCP, active and free ports, sort', querystring: ListQuerySchema, response: { 200: pageOf(SplitterSchema), ...problemResponses } },
    },
    async (request) => {
      const { limit = 50, ...query } = request.query;
      const page = await inTenant(request, (ctx) => listSplitters(ctx, { ...query, limit }));
      return { items: page.items.map(presentSplitter), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/splitters/:id',
    { onRequest: apiAuth('network.read'), schema: { tags, summary: 'One splitter with capacity', params: IdParamsSchema, response: { 200: SplitterSchema, ...problemResponses } } },
    async (request) => presentSplitter(await inTenant(request, (ctx) => getSplitter(ctx, { splitterId: request.params.id }))),
  );

  app.post<{ Body: Static<typeof CreateBodySchema> }>(
    '/api/v1/splitters',
    { onRequest: apiAuth('network.manage'), schema: { tags, summary: 'Add a splitter to an active LCP', body: CreateBodySchema, response: { 201: SplitterSchema, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(presentSplitter(await inTenant(request, (ctx) => createSplitter(ctx, request.body)))),
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof UpdateBodySchema> }>(
    '/api/v1/splitters/:id',
    {
      onRequest: apiAuth('network.manage'),
      schema: {
        tags,
        summary: 'Edit a splitter (the ratio cannot drop below a port a NAP uses)',
        params: IdParamsSchema,
        body: UpdateBodySchema,
        response: { 200: SplitterSchema, ...problemResponses },
      },
    },
    async (request) => presentSplitter(await inTenant(request, (ctx) => updateSplitter(ctx, { ...request.body, splitterId: request.params.id }))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/splitters/:id/deactivate',
    {
      onRequest: apiAuth('network.manage'),
      schema: {
        tags,
        summary: 'Deactivate a splitter and its NAPs (409 plant_in_use while customers are connected under it)',
        params: IdParamsSchema,
        response: { 200: SplitterSchema, ...problemResponses },
      },
    },
    async (request) => presentSplitter(await inTenant(request, (ctx) => deactivatePlantItem(ctx, { level: 'splitter', id: request.params.id }))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/splitters/:id/reactivate',
    {
      onRequest: apiAuth('network.manage'),
      schema: { tags, summary: 'Reactivate a splitter (its LCP must be active and its feeder port free)', params: IdParamsSchema, response: { 200: SplitterSchema, ...problemResponses } },
    },
    async (request) => presentSplitter(await inTenant(request, (ctx) => reactivatePlantItem(ctx, { level: 'splitter', id: request.params.id }))),
  );
}
