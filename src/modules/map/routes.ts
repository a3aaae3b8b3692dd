/** Every route of the network map: the /api/v1 resource and the /app page. */
import type { FastifyInstance } from 'fastify';
import { mapApi } from './api.ts';
import { mapPages } from './pages.tsx';

export async function mapRoutes(app: FastifyInstance): Promise<void> {
  await app.register(mapApi);
  await app.register(mapPages);
}
