/** Every route of the FTTH plant: LCPs, splitters, NAPs, ports and the network tree: the /api/v1 resource and the /app pages. */
import type { FastifyInstance } from 'fastify';
import { lcpsApi } from './lcps-api.ts';
import { napsApi } from './naps-api.ts';
import { networkApi } from './network-api.ts';
import { lcpPages } from './lcp-pages.tsx';
import { napPages } from './nap-pages.tsx';
import { pickerPages } from './picker-pages.tsx';
import { splitterPages } from './splitter-pages.tsx';
import { treePages } from './tree-pages.tsx';
import { splittersApi } from './splitters-api.ts';

export async function plantRoutes(app: FastifyInstance): Promise<void> {
  await lcpsApi(app);
  await splittersApi(app);
  await napsApi(app);
  await networkApi(app);
  await treePages(app);
  await lcpPages(app);
  await splitterPages(app);
  await napPages(app);
  await pickerPages(app);
}
