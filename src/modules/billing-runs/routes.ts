/** Every route of billing runs: the /api/v1 resource and the /app/billing pages. */
import type { FastifyInstance } from 'fastify';
import { billingRunsApi } from './api.ts';
import { billingRunPages } from './pages.tsx';

export async function billingRunRoutes(app: FastifyInstance): Promise<void> {
  await app.register(billingRunsApi);
  await app.register(billingRunPages);
}
