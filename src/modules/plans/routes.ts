/** Every route of service plans: the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';

export async function planRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
