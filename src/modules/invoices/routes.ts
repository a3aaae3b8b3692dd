/** Every route of invoices and one-off charges: the /api/v1 resources and the /app pages. */
import type { FastifyInstance } from 'fastify';
import { chargesApi } from './charges-api.ts';
import { invoicesApi } from './invoices-api.ts';
import { invoicesPages } from './pages.tsx';

export async function invoiceRoutes(app: FastifyInstance): Promise<void> {
  await invoicesApi(app);
  await chargesApi(app);
  await invoicesPages(app);
}
