/** GET /api/v1/me: who the caller is (staff session or API key) and what it may do. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { ProblemSchema } from '../../http/api-schemas.ts';

const MeSchema = Type.Object(
  {
    tenant: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), slug: Type.String() }),
    actor: Type.Object({
      type: Type.Union([Type.Literal('user'), Type.Literal('api_key')]),
      id: Type.String({ format: 'uuid' }),
      name: Type.String(),
      email: Type.Optional(Type.String()),
      role: Type.Optional(Type.String()),
      isOwner: Type.Boolean(),
    }),
    permissions: Type.Array(Type.String()),
  },
  { $id: 'Me' },
);
type Me = Static<typeof MeSchema>;

export async function authApi(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/me',
    {
      onRequest: apiAuth(),
      schema: {
        tags: ['me'],
        summary: 'The authenticated caller',
        response: { 200: MeSchema, 401: ProblemSchema },
      },
    },
    async (request): Promise<Me> => {
      const p = request.principal;
      if (!p) throw new Error('unreachable: apiAuth ran');
      const permissions = [...p.actor.permissions].sort();
      if (p.kind === 'staff') {
        return {
          tenant: { id: p.tenantId, name: p.tenantName, slug: p.tenantSlug },
          actor: { type: 'user', id: p.userId, name: p.userName, email: p.email, role: p.roleName, isOwner: p.actor.isOwner },
          permissions,
        };
      }
      return {
        tenant: { id: p.tenantId, name: p.tenantName, slug: p.tenantSlug },
        actor: { type: 'api_key', id: p.apiKeyId, name: p.keyName, isOwner: false },
        permissions,
      };
    },
  );
}
