/** Every route of installations: the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';
import { installationsApi } from './api.ts';
import { installationsPages } from './pages.tsx';

export async function installationRoutes(app: FastifyInstance): Promise<void> {
  await installationsApi(app);
  await installationsPages(app);
}
