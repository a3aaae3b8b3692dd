/** Every route of billing documents: PDFs of invoices, receipts and credit notes, and statements of account. */
import type { FastifyInstance } from 'fastify';
import { documentsApi } from './api.ts';
import { documentsPages } from './pages.tsx';

export async function documentRoutes(app: FastifyInstance): Promise<void> {
  await documentsApi(app);
  await documentsPages(app);
}
