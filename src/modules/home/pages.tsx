/** /app: the staff home page. Later capabilities add their summaries here. */
import type { FastifyInstance } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { renderPage } from '../../http/render.tsx';
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage } from '../../views/layout.tsx';

export async function homePages(app: FastifyInstance): Promise<void> {
  app.get('/app', { schema: { hide: true }, onRequest: staffPage() }, async (request, reply) => {
    const p = request.principal as StaffPrincipal;
    return renderPage(
      reply,
      <AppPage title={`Welcome, ${p.userName}`} principal={p} active="/app" showOutbox={app.mailer.usesOutbox}>
        <div class="card">
          <p>
            You are signed in to <strong>{p.tenantName}</strong> as {p.roleName.toLowerCase()}.
          </p>
          <p class="muted">Company handle: {p.tenantSlug}</p>
        </div>
      </AppPage>,
    );
  });
}
