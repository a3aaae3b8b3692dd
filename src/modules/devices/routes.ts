/** Every route of the CPE inventory (routers, ONUs): the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';

export async function deviceRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
