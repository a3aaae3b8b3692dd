/** /api/v1/naps and /api/v1/nap-ports: NAP boxes (list, get, create, edit, deactivate, reactivate), their port grid, and port service state. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { createNap } from './create-nap.ts';
import { deactivatePlantItem } from './deactivate-plant-item.ts';
import { listNaps } from './list-naps.ts';
import { NapSchema, PortSchema, presentCapacity, presentNap, presentPort, CapacitySchema } from './plant-api-schemas.ts';
import { reactivatePlantItem } from './reactivate-plant-item.ts';
import { getNap, getNapPorts } from './read-plant.ts';
import { updateNapPort } from './update-nap-port.ts';
import { updateNap } from './update-nap.ts';

const Coordinate = Type.Union([Type.Number(), Type.String({ maxLength: 40 }), Type.Null()]);

const ListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Matches part of the code, name or address' })),
    active: Type.Optional(Type.Boolean()),
    lcpId: Type.Optional(Type.String({ format: 'uuid' })),
    splitterId: Type.Optional(Type.String({ format: 'uuid' })),
    hasFreePorts: Type.Optional(Type.Boolean({ description: 'Only NAPs with (true) or without (false) a port a new installation could take' })),
    sort: Type.Optional(
      Type.Union([Type.Literal('branch'), Type.Literal('code'), Type.Literal('name'), Type.Literal('ports'), Type.Literal('created')], {
        default: 'branch',
        description: 'branch = LCP, splitter and NAP code',
      }),
    ),
    dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' })),
  }),
]);

const fields = {
  name: Type.Optional(Type.String({ maxLength: 500 })),
  address: Type.Optional(Type.String({ maxLength: 2000 })),
  latitude: Type.Optional(Coordinate),
  longitude: Type.Optional(Coordinate),
  notes: Type.Optional(Type.String({ maxLength: 5000 })),
  externalRef: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
};
const SplitterPort = Type.Integer({ description: 'The splitter output port it is fed from (1..ratio, free)' });
const PortCount = Type.Integer({ description: 'Drop ports (1-64); shrinking is refused while a removed port holds an installation' });

const CreateBodySchema = Type.Object(
  { splitterId: Type.String({ maxLength: 100 }), code: Type.String({ maxLength: 200 }), splitterPort: SplitterPort, portCount: PortCount, ...fields },
  { additionalProperties: false },
);
const UpdateBodySchema = Type.Object(
  { code: Type.Optional(Type.String({ maxLength: 200 })), splitterPort: Type.Optional(SplitterPort), portCount: Type.Optional(PortCount), ...fields },
  { additionalProperties: false },
);
const PortsSchema = Type.Object({ napId: Type.String({ format: 'uuid' }), capacity: CapacitySchema, ports: Type.Array(PortSchema) });
const PortBodySchema = Type.Object(
  {
    outOfService: Type.Optional(Type.Boolean({ description: 'Refused (422) while the port holds an installation' })),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

const tags = ['network'];

export async function napsApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof ListQuerySchema> }>(
    '/api/v1/naps',
    { onRequest: apiAuth('network.read'), schema: { tags, summary: 'List NAP boxes with capacity', querystring: ListQuerySchema, response: { 200: pageOf(NapSchema), ...problemResponses } } },
    async (request) => {
      const { limit = 50, ...query } = request.query;
      const page = await inTenant(request, (ctx) => listNaps(ctx, { ...query, limit }));
      return { items: page.items.map(presentNap), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/naps/:id',
    { onRequest: apiAuth('network.read'), schema: { tags, summary: 'One NAP box with capacity', params: IdParamsSchema, response: { 200: NapSchema, ...problemResponses } } },
    async (request) => presentNap(await inTenant(request, (ctx) => getNap(ctx, { napId: request.params.id }))),
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/naps/:id/ports',
    {
      onRequest: apiAuth('network.read'),
      schema: { tags, summary: 'The port grid of a NAP: each port free, taken (with the customer) or out of service', params: IdParamsSchema, response: { 200: PortsSchema, ...problemResponses } },
    },
    async (request) => {
      const { nap, ports } = await inTenant(request, (ctx) => getNapPorts(ctx, { napId: request.params.id }));
      return { napId: nap.id, capacity: presentCapacity(nap.capacity), ports: ports.map(presentPort) };
    },
  );

  app.post<{ Body: Static<typeof CreateBodySchema> }>(
    '/api/v1/naps',
    { onRequest: apiAuth('network.manage'), schema: { tags, summary: 'Add a NAP box (and its ports) to an active splitter', body: CreateBodySchema, response: { 201: NapSchema, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(presentNap(await inTenant(request, (ctx) => createNap(ctx, request.body)))),
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof UpdateBodySchema> }>(
    '/api/v1/naps/:id',
    {
      onRequest: apiAuth('network.manage'),
      schema: { tags, summary: 'Edit a NAP box (fields left out stay as they are)', params: IdParamsSchema, body: UpdateBodySchema, response: { 200: NapSchema, ...problemResponses } },
    },
    async (request) => presentNap(await inTenant(request, (ctx) => updateNap(ctx, { ...request.body, napId: request.params.id }))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/naps/:id/deactivate',
    {
      onRequest: apiAuth('network.manage'),
      schema: { tags, summary: 'Deactivate a NAP box (409 plant_in_use while customers are connected to it)', params: IdParamsSchema, response: { 200: NapSchema, ...problemResponses } },
    },
    async (request) => presentNap(await inTenant(request, (ctx) => deactivatePlantItem(ctx, { level: 'nap', id: request.params.id }))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/naps/:id/reactivate',
    {
      onRequest: apiAuth('network.manage'),
      schema: { tags, summary: 'Reactivate a NAP box (its splitter must be active and its splitter port free)', params: IdParamsSchema, response: { 200: NapSchema, ...problemResponses } },
    },
    async (request) => presentNap(await inTenant(request, (ctx) => reactivatePlantItem(ctx, { level: 'nap', id: request.params.id }))),
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof PortBodySchema> }>(
    '/api/v1/nap-ports/:id',
    {
      onRequest: apiAuth('network.manage'),
      schema: { tags, summary: 'Take a NAP port out of service or back in, or edit its note', params: IdParamsSchema, body: PortBodySchema, response: { 200: PortSchema, ...problemResponses } },
    },
    async (request) => presentPort(await inTenant(request, (ctx) => updateNapPort(ctx, { ...request.body, napPortId: request.params.id }))),
  );
}
