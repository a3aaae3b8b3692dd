/**
 * /app/dev/outbox: in development (no SMTP), the e-mail sent for the signed-in staff member's
 * own company, e.g. to follow an invitation link. The owner sees all of it; anyone else only
 * what was addressed to them, because these messages hold one-time links: a clerk reading a
 * colleague's password reset or invitation link could take that account over.
 * With SMTP it does not exist (404).
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
    const all = await app.mailer.listOutbox(p.tenantId);
    const messages = p.actor.isOwner ? all : all.filter((m) => m.to.toLowerCase() === p.email.toLowerCase());
    return renderPage(reply, <OutboxPage principal={p} messages={messages} />);
  });
}
