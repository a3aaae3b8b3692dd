/** Every route of customers (subscribers): the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';
import { customersApi } from './api.ts';
import { customersPages } from './pages.tsx';

export async function customerRoutes(app: FastifyInstance): Promise<void> {
  await customersApi(app);
  await customersPages(app);
}
