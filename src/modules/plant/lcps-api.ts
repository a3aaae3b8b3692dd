/** /api/v1/lcps: list (filters, sort, cursor), get, create, edit, deactivate, reactivate. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { createLcp } from './create-lcp.ts';
import { deactivatePlantItem } from './deactivate-plant-item.ts';
import { listLcps } from './list-lcps.ts';
import { LcpSchema, presentLcp } from './plant-api-schemas.ts';
import { reactivatePlantItem } from './reactivate-plant-item.ts';
import { getLcp } from './read-plant.ts';
import { updateLcp } from './update-lcp.ts';

const NullableText = Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]);
const Coordinate = Type.Union([Type.Number(), Type.String({ maxLength: 40 }), Type.Null()]);

const ListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Matches part of the code, name or address' })),
    active: Type.Optional(Type.Boolean()),
    areaId: Type.Optional(Type.String({ format: 'uuid' })),
    hasFreePorts: Type.Optional(Type.Boolean({ description: 'Only LCPs with (true) or without (false) a port a new installation could take' })),
    sort: Type.Optional(Type.Union([Type.Literal('code'), Type.Literal('name'), Type.Literal('ports'), Type.Literal('created')], { default: 'code' })),
    dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' })),
  }),
]);

const fields = {
  portCount: Type.Optional(Type.Integer({ description: 'Feeder ports (1-256, default 8)' })),
  areaId: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  address: Type.Optional(Type.String({ maxLength: 2000 })),
  latitude: Type.Optional(Coordinate),
  longitude: Type.Optional(Coordinate),
  coverageRadiusM: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: 'Coverage circle on the map, in metres (1-100000)' })),
  notes: Type.Optional(Type.String({ maxLength: 5000 })),
  externalRef: Type.Optional(NullableText),
};

const CreateBodySchema = Type.Object({ code: Type.String({ maxLength: 200 }), name: Type.String({ maxLength: 500 }), ...fields }, { additionalProperties: false });
const UpdateBodySchema = Type.Object(
  { code: Type.Optional(Type.String({ maxLength: 200 })), name: Type.Optional(Type.String({ maxLength: 500 })), ...fields },
  { additionalProperties: false },
);

const tags = ['network'];

export async function lcpsApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof ListQuerySchema> }>(
    '/api/v1/lcps',
    { onRequest: apiAuth('network.read'), schema: { tags, summary: 'List LCPs with capacity', querystring: ListQuerySchema, response: { 200: pageOf(LcpSchema), ...problemResponses } } },
    async (request) => {
      const { limit = 50, ...query } = request.query;
      const page = await inTenant(request, (ctx) => listLcps(ctx, { ...query, limit }));
      return { items: page.items.map(presentLcp), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/lcps/:id',
    { onRequest: apiAuth('network.read'), schema: { tags, summary: 'One LCP with capacity', params: IdParamsSchema, response: { 200: LcpSchema, ...problemResponses } } },
    async (request) => presentLcp(await inTenant(request, (ctx) => getLcp(ctx, { lcpId: request.params.id }))),
  );

  app.post<{ Body: Static<typeof CreateBodySchema> }>(
    '/api/v1/lcps',
    { onRequest: apiAuth('network.manage'), schema: { tags, summary: 'Add an LCP', body: CreateBodySchema, response: { 201: LcpSchema, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(presentLcp(await inTenant(request, (ctx) => createLcp(ctx, request.body)))),
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof UpdateBodySchema> }>(
    '/api/v1/lcps/:id',
    {
      onRequest: apiAuth('network.manage'),
      schema: {
        tags,
        summary: 'Edit an LCP (fields left out stay as they are; the port count cannot drop below a port a splitter uses)',
        params: IdParamsSchema,
        body: UpdateBodySchema,
        response: { 200: LcpSchema, ...problemResponses },
      },
    },
    async (request) => presentLcp(await inTenant(request, (ctx) => updateLcp(ctx, { ...request.body, lcpId: request.params.id }))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/lcps/:id/deactivate',
    {
      onRequest: apiAuth('network.manage'),
      schema: {
        tags,
        summary: 'Deactivate an LCP and everything beneath it (409 plant_in_use while customers are connected under it)',
        params: IdParamsSchema,
        response: { 200: LcpSchema, ...problemResponses },
      },
    },
    async (request) => presentLcp(await inTenant(request, (ctx) => deactivatePlantItem(ctx, { level: 'lcp', id: request.params.id }))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/lcps/:id/reactivate',
    {
      onRequest: apiAuth('network.manage'),
      schema: { tags, summary: 'Reactivate an LCP (its splitters stay as they are)', params: IdParamsSchema, response: { 200: LcpSchema, ...problemResponses } },
    },
    async (request) => presentLcp(await inTenant(request, (ctx) => reactivatePlantItem(ctx, { level: 'lcp', id: request.params.id }))),
  );
}
