/** Every route of payments, receipts, prepaid top-ups and the cashier view: the /api/v1 resources and the /app pages. */
import type { FastifyInstance } from 'fastify';
import { paymentsApi } from './api.ts';
import { paymentPages } from './payment-pages.tsx';
import { receiptPages } from './receipt-pages.tsx';
import { topUpPages } from './top-up-pages.tsx';

export async function paymentRoutes(app: FastifyInstance): Promise<void> {
  await paymentsApi(app);
  await paymentPages(app);
  await receiptPages(app);
  await topUpPages(app);
}
