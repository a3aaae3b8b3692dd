/** Every route of credit notes: the /api/v1 resource and the /app page. */
import type { FastifyInstance } from 'fastify';
import { creditNotesApi } from './api.ts';
import { creditNotesPages } from './pages.tsx';

export async function creditNoteRoutes(app: FastifyInstance): Promise<void> {
  await creditNotesApi(app);
  await creditNotesPages(app);
}
