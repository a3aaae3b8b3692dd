/** Every route of service areas: the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';

export async function areaRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
