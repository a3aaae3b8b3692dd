/** Every route of the FTTH plant: LCPs, splitters, NAPs, ports and the network tree: the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';
import { lcpsApi } from './lcps-api.ts';
import { napsApi } from './naps-api.ts';
import { networkApi } from './network-api.ts';
import { pickerPages } from './picker-pages.tsx';
import { splittersApi } from './splitters-api.ts';

export async function plantRoutes(app: FastifyInstance): Promise<void> {
  await lcpsApi(app);
  await splittersApi(app);
  await napsApi(app);
  await networkApi(app);
  await pickerPages(app);
}
