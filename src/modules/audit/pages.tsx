/** /app/audit: owners and admins browse and filter the audit log. */
import type { FastifyInstance } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { renderPage } from '../../http/render.tsx';
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppError } from '../../lib/errors.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { listAuditEvents } from './list-audit-events.ts';
import { listAuditActors } from './list-audit-actors.ts';
import { AuditPage, type AuditFilters } from './audit-view.tsx';

type AuditQuery = AuditFilters & { cursor?: string };

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

export async function auditPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Record<string, unknown> }>('/app/audit', { schema: { hide: true }, onRequest: staffPage('audit.read') }, async (request, reply) => {
    const q = request.query;
    const input: AuditQuery = {
      actorId: text(q.actorId),
      action: text(q.action),
      entityType: text(q.entityType),
      entityId: text(q.entityId),
      from: text(q.from),
      to: text(q.to),
      cursor: text(q.cursor),
    };
    const { cursor, ...filters } = input;
    const base = { principal: request.principal as StaffPrincipal, filters, showOutbox: app.mailer.usesOutbox };
    const result = await inTenant(request, async (ctx) => {
      const actors = await listAuditActors(ctx);
      try {
        return { actors, page: await listAuditEvents(ctx, { ...filters, cursor }), error: undefined };
      } catch (err) {
        if (err instanceof AppError && (err.status === 422 || err.code === 'invalid_cursor')) return { actors, page: undefined, error: err };
        throw err;
      }
    });
    if (result.error || !result.page) {
      const fields = result.error?.fields ?? [];
      return renderPage(
        reply.status(result.error?.status ?? 400),
        <AuditPage {...base} actors={result.actors} items={[]} nextCursor={null} timeZone="UTC" locale="en" errors={fieldMessages(fields)} />,
      );
    }
    const page = result.page;
    return renderPage(
      reply,
      <AuditPage {...base} actors={result.actors} items={page.items} nextCursor={page.nextCursor} timeZone={page.timeZone} locale={page.locale} errors={{}} />,
    );
  });
}
