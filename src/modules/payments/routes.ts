/** Every route of payments, receipts, prepaid top-ups and the cashier view: the /api/v1 resources and the /app pages. */
import type { FastifyInstance } from 'fastify';
import { paymentsApi } from './api.ts';

export async function paymentRoutes(app: FastifyInstance): Promise<void> {
  await paymentsApi(app);
}
