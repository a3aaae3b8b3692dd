/** Every route of customer balances, ledgers, refunds and adjustments: API and pages. */
import type { FastifyInstance } from 'fastify';
import { ledgerApi } from './api.ts';
import { ledgerPages } from './pages.tsx';

export async function ledgerRoutes(app: FastifyInstance): Promise<void> {
  await ledgerApi(app);
  await ledgerPages(app);
}
