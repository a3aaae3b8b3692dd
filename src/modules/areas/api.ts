/** /api/v1/areas: list (filters, sort, cursor), get, create, edit (incl. move and active), delete. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import type { AreaView } from './areas-repository.ts';
import { createArea } from './create-area.ts';
import { deactivateArea } from './deactivate-area.ts';
import { deleteArea } from './delete-area.ts';
import { getArea, listAreas } from './list-areas.ts';
import { reactivateArea } from './reactivate-area.ts';
import { updateArea } from './update-area.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const AreaSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    name: Type.String(),
    code: Type.Union([Type.String(), Type.Null()]),
    kind: Type.String({ description: 'What this level is called, e.g. "Province" or "Barangay"' }),
    active: Type.Boolean(),
    path: Type.String({ description: 'Names from the top-level area down, joined with " > "' }),
    depth: Type.Integer({ description: '0 for a top-level area' }),
    externalRef: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'ServiceArea', description: 'A service area in the tenant’s hierarchy (province > city > barangay, county > ward, ...)' },
);
type Area = Static<typeof AreaSchema>;

const ListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Matches part of the name, code or full path' })),
    active: Type.Optional(Type.Boolean()),
    parentId: Type.Optional(Type.String({ format: 'uuid', description: 'Only the direct sub-areas of this area' })),
    sort: Type.Optional(Type.Union([Type.Literal('path'), Type.Literal('name'), Type.Literal('created')], { default: 'path' })),
    dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' })),
  }),
]);

const CreateBodySchema = Type.Object(
  {
    name: Type.String({ maxLength: 500 }),
    code: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    kind: Type.Optional(Type.String({ maxLength: 500 })),
    parentId: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'Parent area id; null or omitted for a top-level area' }))),
    externalRef: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

const UpdateBodySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 500 })),
    code: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    kind: Type.Optional(Type.String({ maxLength: 500 })),
    parentId: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'Move under this area; null moves it to the top level' }))),
    externalRef: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    active: Type.Optional(Type.Boolean({ description: 'false deactivates the area and every area below it; true reactivates this one' })),
  },
  { additionalProperties: false },
);

function present(area: AreaView): Area {
  return { ...area, createdAt: area.createdAt.toISOString(), updatedAt: area.updatedAt.toISOString() };
}

export async function areasApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof ListQuerySchema> }>(
    '/api/v1/areas',
    {
      onRequest: apiAuth('customers.read'),
      schema: { tags: ['areas'], summary: 'List service areas, in tree order by default', querystring: ListQuerySchema, response: { 200: pageOf(AreaSchema), ...problemResponses } },
    },
    async (request) => {
      const { limit = 50, ...query } = request.query;
      const page = await inTenant(request, (ctx) => listAreas(ctx, { ...query, limit }));
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/areas/:id',
    {
      onRequest: apiAuth('customers.read'),
      schema: { tags: ['areas'], summary: 'One service area', params: IdParamsSchema, response: { 200: AreaSchema, ...problemResponses } },
    },
    async (request) => present(await inTenant(request, (ctx) => getArea(ctx, { areaId: request.params.id }))),
  );

  app.post<{ Body: Static<typeof CreateBodySchema> }>(
    '/api/v1/areas',
    {
      onRequest: apiAuth('areas.manage'),
      schema: {
        tags: ['areas'],
        summary: 'Add a service area (name and code are unique under the same parent)',
        body: CreateBodySchema,
        response: { 201: AreaSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(present(await inTenant(request, (ctx) => createArea(ctx, request.body)))),
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof UpdateBodySchema> }>(
    '/api/v1/areas/:id',
    {
      onRequest: apiAuth('areas.manage'),
      schema: {
        tags: ['areas'],
        summary: 'Edit, move, deactivate or reactivate a service area (omitted fields stay as they are)',
        params: IdParamsSchema,
        body: UpdateBodySchema,
        response: { 200: AreaSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { active, ...changes } = request.body;
      const areaId = request.params.id;
      const area = await inTenant(request, async (ctx) => {
        // Reactivate before other edits (a move under an active parent needs an active area
        // to be judged as one) and deactivate after them; all in one transaction.
        if (active === true) await reactivateArea(ctx, { areaId });
        const updated = await updateArea(ctx, { areaId, ...changes });
        return active === false ? deactivateArea(ctx, { areaId }) : updated;
      });
      return present(area);
    },
  );

  app.delete<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/areas/:id',
    {
      onRequest: apiAuth('areas.manage'),
      schema: {
        tags: ['areas'],
        summary: 'Delete a service area nothing uses (409 area_in_use names the sub-areas, customers or LCPs in it)',
        params: IdParamsSchema,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await inTenant(request, (ctx) => deleteArea(ctx, { areaId: request.params.id }));
      return reply.status(204).send();
    },
  );
}
