/** Every route of the CPE inventory (routers, ONUs): the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';
import { devicesApi } from './api.ts';
import { devicesPages } from './pages.tsx';

export async function deviceRoutes(app: FastifyInstance): Promise<void> {
  await devicesApi(app);
  await devicesPages(app);
}
