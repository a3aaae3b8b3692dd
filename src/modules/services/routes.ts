/** Every route of services (a customer subscribed to a plan): the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';
import { servicesApi } from './api.ts';
import { servicesPages } from './pages.tsx';

export async function serviceRoutes(app: FastifyInstance): Promise<void> {
  await servicesApi(app);
  await servicesPages(app);
}
