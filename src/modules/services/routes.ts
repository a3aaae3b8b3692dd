/** Every route of services (a customer subscribed to a plan): the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';

export async function serviceRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
