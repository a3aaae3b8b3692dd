/** /api/v1/users: list, get, invite, change role, deactivate, reactivate. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { changeUserRole } from './change-user-role.ts';
import { deactivateUser } from './deactivate-user.ts';
import { sendInvitation } from './invitation-mail.ts';
import { inviteUser } from './invite-user.ts';
import { getStaff, listStaff } from './list-users.ts';
import { reactivateUser } from './reactivate-user.ts';
import type { UserView } from './users-repository.ts';

const StatusSchema = Type.Union([Type.Literal('invited'), Type.Literal('active'), Type.Literal('deactivated')]);

export const UserSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    email: Type.String(),
    status: StatusSchema,
    isOwner: Type.Boolean(),
    role: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
    lastSignInAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'User', description: 'A staff member. Password and token hashes are never returned.' },
);
type User = Static<typeof UserSchema>;

const UserPageSchema = pageOf(UserSchema);

const ListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    status: Type.Optional(StatusSchema),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Matches part of the name or email' })),
  }),
]);

const InviteBodySchema = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    email: Type.String({ maxLength: 254 }),
    roleId: Type.String({ format: 'uuid' }),
  },
  { additionalProperties: false },
);

const UpdateBodySchema = Type.Object({ roleId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

function present(user: UserView): User {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    status: user.status,
    isOwner: user.isOwner,
    role: { id: user.roleId, name: user.isOwner ? 'Owner' : user.roleName },
    lastSignInAt: user.lastSignInAt ? user.lastSignInAt.toISOString() : null,
    createdAt: user.createdAt.toISOString(),
  };
}

export async function usersApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof ListQuerySchema> }>(
    '/api/v1/users',
    {
      onRequest: apiAuth('users.read'),
      schema: {
        tags: ['users'],
        summary: 'List staff, oldest first',
        querystring: ListQuerySchema,
        response: { 200: UserPageSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { limit = 50, cursor, status, q } = request.query;
      const page = await inTenant(request, (ctx) => listStaff(ctx, { limit, cursor, status, q }));
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/users/:id',
    {
      onRequest: apiAuth('users.read'),
      schema: { tags: ['users'], summary: 'One staff member', params: IdParamsSchema, response: { 200: UserSchema, ...problemResponses } },
    },
    async (request) => present(await inTenant(request, (ctx) => getStaff(ctx, { userId: request.params.id }))),
  );

  app.post<{ Body: Static<typeof InviteBodySchema> }>(
    '/api/v1/users',
    {
      onRequest: apiAuth('users.manage'),
      schema: {
        tags: ['users'],
        summary: 'Invite a staff member (e-mails a 7-day link to set a password)',
        body: InviteBodySchema,
        response: { 201: UserSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const result = await inTenant(request, (ctx) => inviteUser(ctx, request.body));
      await sendInvitation(app.mailer, app.config.publicUrl, result.invitation);
      return reply.status(201).send(present(result.user));
    },
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof UpdateBodySchema> }>(
    '/api/v1/users/:id',
    {
      onRequest: apiAuth('users.manage'),
      schema: {
        tags: ['users'],
        summary: 'Change a staff member’s role',
        params: IdParamsSchema,
        body: UpdateBodySchema,
        response: { 200: UserSchema, ...problemResponses },
      },
    },
    async (request) => present(await inTenant(request, (ctx) => changeUserRole(ctx, { userId: request.params.id, roleId: request.body.roleId }))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/users/:id/deactivate',
    {
      onRequest: apiAuth('users.manage'),
      schema: {
        tags: ['users'],
        summary: 'Deactivate a staff member and end all their sessions',
        params: IdParamsSchema,
        response: { 200: UserSchema, ...problemResponses },
      },
    },
    async (request) => present(await inTenant(request, (ctx) => deactivateUser(ctx, { userId: request.params.id }))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/users/:id/reactivate',
    {
      onRequest: apiAuth('users.manage'),
      schema: {
        tags: ['users'],
        summary: 'Reactivate a staff member (re-invites one who never set a password)',
        params: IdParamsSchema,
        response: { 200: UserSchema, ...problemResponses },
      },
    },
    async (request) => {
      const result = await inTenant(request, (ctx) => reactivateUser(ctx, { userId: request.params.id }));
      if (result.invitation) await sendInvitation(app.mailer, app.config.publicUrl, result.invitation);
      return present(result.user);
    },
  );
}
