/** Every route of service areas: the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';
import { areasApi } from './api.ts';
import { areasPages } from './pages.tsx';

export async function areaRoutes(app: FastifyInstance): Promise<void> {
  await areasApi(app);
  await areasPages(app);
}
