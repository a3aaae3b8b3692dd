/** Every route of service plans: the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';
import { plansApi } from './api.ts';
import { plansPages } from './pages.tsx';

export async function planRoutes(app: FastifyInstance): Promise<void> {
  await plansApi(app);
  await plansPages(app);
}
