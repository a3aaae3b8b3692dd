/** GET /app/map: the network map page. */
import type { FastifyInstance } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { renderPage } from '../../http/render.tsx';
import type { StaffPrincipal } from '../../http/principal.ts';
import { getMapConfig } from './get-map-config.ts';
import { allowTileImages } from './map-csp.ts';
import { NetworkMapPage } from './map-view.tsx';

/** `?focus=customer:<id>` (or installation, lcp, splitter, nap) centres on that item and opens it. */
const FOCUS = /^(customer|installation|lcp|splitter|nap):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function mapPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { focus?: string } }>('/app/map', { schema: { hide: true }, onRequest: staffPage('network.read') }, async (request, reply) => {
    const config = await inTenant(request, (ctx) => getMapConfig(ctx));
    const focus = typeof request.query.focus === 'string' && FOCUS.test(request.query.focus) ? request.query.focus.toLowerCase() : undefined;
    allowTileImages(reply, config.tileUrl);
    return renderPage(reply, <NetworkMapPage principal={request.principal as StaffPrincipal} config={config} focus={focus} />);
  });
}
