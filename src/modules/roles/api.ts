/** /api/v1/roles: built-in and custom roles; custom ones can be created, edited and deleted. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { AppError } from '../../lib/errors.ts';
import { decodeCursor, pageFrom } from '../../lib/cursor.ts';
import { createRole } from './create-role.ts';
import { deleteRole } from './delete-role.ts';
import { getRole, listTenantRoles } from './list-roles.ts';
import { ALL_PERMISSIONS } from './permissions.ts';
import { compareRoleKeys, roleSortKey, type RoleSortKey, type RoleView } from './roles-repository.ts';
import { updateRole } from './update-role.ts';

function roleCursor(cursor: string | undefined): RoleSortKey | undefined {
  const key = decodeCursor(cursor, 3);
  if (!key) return undefined;
  const [rank, name, id] = key;
  if (typeof rank !== 'number' || typeof name !== 'string' || typeof id !== 'string') {
    throw new AppError(400, 'invalid_cursor', 'cursor is not one this API returned', [{ field: 'cursor', rule: 'format', message: 'cursor is not valid' }]);
  }
  return [rank, name, id];
}

export const RoleSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    description: Type.String(),
    builtin: Type.Boolean({ description: 'Built-in roles cannot be edited or deleted' }),
    builtinKey: Type.Union([Type.String(), Type.Null()]),
    permissions: Type.Array(Type.String()),
    userCount: Type.Integer({ minimum: 0 }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Role' },
);
type Role = Static<typeof RoleSchema>;

const PermissionsSchema = Type.Array(Type.String({ maxLength: 100 }), {
  maxItems: 200,
  description: `Permission names, any of: ${ALL_PERMISSIONS.join(', ')}`,
});

const CreateBodySchema = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    permissions: PermissionsSchema,
  },
  { additionalProperties: false },
);

const UpdateBodySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    permissions: Type.Optional(PermissionsSchema),
  },
  { additionalProperties: false },
);

function present(role: RoleView): Role {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    builtin: role.builtinKey !== null,
    builtinKey: role.builtinKey,
    permissions: role.permissions,
    userCount: role.userCount,
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
  };
}

export async function rolesApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof PageQuerySchema> }>(
    '/api/v1/roles',
    {
      onRequest: apiAuth('roles.manage'),
      schema: {
        tags: ['roles'],
        summary: 'List built-in and custom roles (built-ins first, then by name)',
        querystring: PageQuerySchema,
        response: { 200: pageOf(RoleSchema), ...problemResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const after = roleCursor(request.query.cursor);
      // A company has a handful of roles: the list is read whole and paged by its sort key.
      const roles = await inTenant(request, (ctx) => listTenantRoles(ctx));
      const rest = after ? roles.filter((r) => compareRoleKeys(roleSortKey(r), after) > 0) : roles;
      const page = pageFrom(rest, limit, roleSortKey);
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/roles/:id',
    {
      onRequest: apiAuth('roles.manage'),
      schema: { tags: ['roles'], summary: 'One role', params: IdParamsSchema, response: { 200: RoleSchema, ...problemResponses } },
    },
    async (request) => present(await inTenant(request, (ctx) => getRole(ctx, { roleId: request.params.id }))),
  );

  app.post<{ Body: Static<typeof CreateBodySchema> }>(
    '/api/v1/roles',
    {
      onRequest: apiAuth('roles.manage'),
      schema: { tags: ['roles'], summary: 'Create a custom role', body: CreateBodySchema, response: { 201: RoleSchema, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(present(await inTenant(request, (ctx) => createRole(ctx, request.body)))),
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof UpdateBodySchema> }>(
    '/api/v1/roles/:id',
    {
      onRequest: apiAuth('roles.manage'),
      schema: {
        tags: ['roles'],
        summary: 'Edit a custom role (fields left out keep their value)',
        params: IdParamsSchema,
        body: UpdateBodySchema,
        response: { 200: RoleSchema, ...problemResponses },
      },
    },
    async (request) => present(await inTenant(request, (ctx) => updateRole(ctx, { roleId: request.params.id, ...request.body }))),
  );

  app.delete<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/roles/:id',
    {
      onRequest: apiAuth('roles.manage'),
      schema: {
        tags: ['roles'],
        summary: 'Delete a custom role nobody holds',
        params: IdParamsSchema,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      await inTenant(request, (ctx) => deleteRole(ctx, { roleId: request.params.id }));
      return reply.status(204).send();
    },
  );
}
