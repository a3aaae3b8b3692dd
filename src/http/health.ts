/** Liveness (the process answers) and readiness (the database answers). */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';

/**
 * A database that accepts connections but never answers (stopped, or a network black hole)
 * would otherwise hold the probe open forever; a probe must answer, so it gives up first.
 */
const READY_TIMEOUT_MS = 2_000;

class ReadinessTimeout extends Error {}

async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadinessTimeout(`no answer within ${ms} ms`)), ms);
  });
  // The abandoned query may still fail later; that must not become an unhandled rejection.
  work.catch(() => {});
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await withinDeadline(sql`select 1`.execute(app.db.kysely), READY_TIMEOUT_MS);
      return { status: 'ready' };
    } catch (err) {
      request.log.warn({ err }, 'readiness check failed');
      const reason = err instanceof ReadinessTimeout ? 'database did not answer in time' : 'database unreachable';
      return reply.status(503).send({ status: 'unavailable', reason });
    }
  });
}
