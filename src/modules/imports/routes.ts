/** Every route of CSV imports: the /api/v1 resource and the /app upload pages. */
import type { FastifyInstance } from 'fastify';
import { importsApi } from './api.ts';
import { importPages } from './pages.tsx';

export async function importRoutes(app: FastifyInstance): Promise<void> {
  await app.register(importsApi);
  await app.register(importPages);
}
