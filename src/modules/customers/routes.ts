/** Every route of customers (subscribers): the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';

export async function customerRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
