/** /app: the staff home page: first-run checklist, then a summary of the network. */
import type { FastifyInstance } from 'fastify';
import { inTenant } from '../../http/app-context.ts';
import { staffPage } from '../../http/authenticate.ts';
import { renderPage } from '../../http/render.tsx';
import type { StaffPrincipal } from '../../http/principal.ts';
import { getHomeOverview } from './get-home-overview.ts';
import { HomePage } from './home-view.tsx';

export async function homePages(app: FastifyInstance): Promise<void> {
  app.get('/app', { schema: { hide: true }, onRequest: staffPage() }, async (request, reply) => {
    const overview = await inTenant(request, (ctx) => getHomeOverview(ctx));
    return renderPage(reply, <HomePage principal={request.principal as StaffPrincipal} overview={overview} showOutbox={app.mailer.usesOutbox} />);
  });
}
