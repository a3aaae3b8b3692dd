/** Every route of installations: the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';
import { installationsApi } from './api.ts';

export async function installationRoutes(app: FastifyInstance): Promise<void> {
  await installationsApi(app);
}
