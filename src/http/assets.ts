/**
 * Static files served by the app itself (no CDN): our stylesheet and scripts, htmx and
 * Leaflet from npm. Every file lives directly under /assets/ (one public route).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);
const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public');
const LEAFLET_DIST = path.dirname(require.resolve('leaflet/dist/leaflet.js'));

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const PNG = 'image/png';

const ASSETS: Record<string, { file: string; type: string }> = {
  'app.css': { file: path.join(PUBLIC_DIR, 'app.css'), type: CSS },
  'htmx.min.js': { file: require.resolve('htmx.org/dist/htmx.min.js'), type: JS },
  'location-picker.js': { file: path.join(PUBLIC_DIR, 'location-picker.js'), type: JS },
  'network-map.js': { file: path.join(PUBLIC_DIR, 'network-map.js'), type: JS },
  'leaflet.js': { file: path.join(LEAFLET_DIST, 'leaflet.js'), type: JS },
  'leaflet.css': { file: path.join(LEAFLET_DIST, 'leaflet.css'), type: CSS },
  'layers.png': { file: path.join(LEAFLET_DIST, 'images', 'layers.png'), type: PNG },
  'layers-2x.png': { file: path.join(LEAFLET_DIST, 'images', 'layers-2x.png'), type: PNG },
  'marker-icon.png': { file: path.join(LEAFLET_DIST, 'images', 'marker-icon.png'), type: PNG },
  'marker-icon-2x.png': { file: path.join(LEAFLET_DIST, 'images', 'marker-icon-2x.png'), type: PNG },
  'marker-shadow.png': { file: path.join(LEAFLET_DIST, 'images', 'marker-shadow.png'), type: PNG },
};

/**
 * Leaflet's CSS points at `images/layers.png` etc. next to itself; we serve those images
 * beside the CSS instead, so the references are made relative to /assets/. Leaflet's script
 * finds its default marker through the same CSS rule, so it follows along.
 */
function contentOf(name: string, file: string): Buffer {
  const body = fs.readFileSync(file);
  if (name !== 'leaflet.css') return body;
  return Buffer.from(body.toString('utf8').replace(/url\(images\//g, 'url('), 'utf8');
}

export async function assetRoutes(app: FastifyInstance): Promise<void> {
  // Read once at start: a handful of small files, served from memory.
  const cache = new Map(Object.entries(ASSETS).map(([name, a]) => [name, { body: contentOf(name, a.file), type: a.type }]));
  app.get<{ Params: { name: string } }>('/assets/:name', { schema: { hide: true } }, async (request, reply) => {
    const asset = cache.get(request.params.name);
    if (!asset) return reply.callNotFound();
    return reply.header('cache-control', 'public, max-age=3600').type(asset.type).send(asset.body);
  });
}
