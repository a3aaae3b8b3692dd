/** Every route of customer balances, ledgers, refunds and adjustments: API and pages. */
import type { FastifyInstance } from 'fastify';
import { ledgerApi } from './api.ts';

export async function ledgerRoutes(app: FastifyInstance): Promise<void> {
  await ledgerApi(app);
}
