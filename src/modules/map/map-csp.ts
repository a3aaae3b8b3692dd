/**
 * The app-wide CSP (src/app.ts) lets images come from any https: origin, which covers every
 * https tile server a tenant may choose. A tile server on plain http (on the ISP's own
 * network) is added to img-src by exact origin, on the map page only. See docs/SECURITY.md.
 */
import type { FastifyReply } from 'fastify';
import { tileOrigin } from '../settings/map-settings.ts';

export function allowTileImages(reply: FastifyReply, tileUrl: string): void {
  const origin = tileOrigin(tileUrl);
  if (!origin || !origin.startsWith('http:')) return;
  const current = reply.raw.getHeader('content-security-policy');
  if (typeof current !== 'string') return;
  const directives = current.split(';').map((d) => d.trim());
  const index = directives.findIndex((d) => d.startsWith('img-src '));
  if (index === -1) return;
  directives[index] = `${directives[index]} ${origin}`;
  reply.header('content-security-policy', directives.join(';'));
}
