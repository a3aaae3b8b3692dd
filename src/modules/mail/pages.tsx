/**
 * /app/dev/outbox: in development (no SMTP), any signed-in staff member sees the e-mail sent
 * for their own company, e.g. to follow an invitation link. With SMTP it does not exist (404).
 */
import type { FastifyInstance } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { renderPage } from '../../http/render.tsx';
import type { StaffPrincipal } from '../../http/principal.ts';
import { notFound } from '../../lib/errors.ts';
import { OutboxPage } from './outbox-view.tsx';

export async function outboxPages(app: FastifyInstance): Promise<void> {
  app.get('/app/dev/outbox', { schema: { hide: true }, onRequest: staffPage() }, async (request, reply) => {
    if (!app.mailer.usesOutbox) throw notFound('Outbox');
    const p = request.principal as StaffPrincipal;
    const messages = await app.mailer.listOutbox(p.tenantId);
    return renderPage(reply, <OutboxPage principal={p} messages={messages} />);
  });
}
