/** GET /api/v1/audit-events: the tenant's audit log, newest first. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { listAuditEvents, type AuditEventView } from './list-audit-events.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const AuditEventSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    occurredAt: Type.String({ format: 'date-time' }),
    actor: Type.Object({
      type: Type.Union(['user', 'api_key', 'system', 'platform', 'anonymous'].map((t) => Type.Literal(t))),
      id: Nullable(Type.String({ format: 'uuid' })),
      label: Type.String({ description: 'Name of the user or API key at the time' }),
    }),
    action: Type.String({ description: 'Dotted verb, e.g. user.invited' }),
    entityType: Type.String(),
    entityId: Nullable(Type.String({ format: 'uuid' })),
    before: Type.Unknown({ description: 'State before the change (null for creations)' }),
    after: Type.Unknown({ description: 'State after the change (null for deletions)' }),
    changes: Type.Array(Type.Object({ key: Type.String(), before: Type.Unknown(), after: Type.Unknown() }), {
      description: 'Top-level keys whose value differs between before and after',
    }),
    ip: Nullable(Type.String()),
    requestId: Nullable(Type.String()),
  },
  { $id: 'AuditEvent' },
);

const AuditQuerySchema = Type.Composite([
  Type.Object({
    actorId: Type.Optional(Type.String({ format: 'uuid', description: 'Only entries by this user or API key' })),
    action: Type.Optional(Type.String({ maxLength: 100, description: 'Action prefix, e.g. "user." or "settings.updated"' })),
    entityType: Type.Optional(Type.String({ maxLength: 100, description: 'e.g. user, role, api_key, tenant_settings' })),
    entityId: Type.Optional(Type.String({ format: 'uuid' })),
    from: Type.Optional(Type.String({ format: 'date', description: 'First day (YYYY-MM-DD) in the company time zone, inclusive' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'Last day (YYYY-MM-DD) in the company time zone, inclusive' })),
  }),
  PageQuerySchema,
]);

function present(e: AuditEventView): Static<typeof AuditEventSchema> {
  return {
    id: e.id,
    occurredAt: e.occurredAt.toISOString(),
    actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before,
    after: e.after,
    changes: e.changes,
    ip: e.ip,
    requestId: e.requestId,
  };
}

export async function auditApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof AuditQuerySchema> }>(
    '/api/v1/audit-events',
    {
      onRequest: apiAuth('audit.read'),
      schema: {
        tags: ['audit'],
        summary: 'List audit events',
        description: 'The append-only record of sign-ins, permission changes and every change to business data, newest first.',
        querystring: AuditQuerySchema,
        response: { 200: pageOf(AuditEventSchema), ...problemResponses },
      },
    },
    async (request) => {
      const page = await inTenant(request, (ctx) => listAuditEvents(ctx, request.query));
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  );
}
