/**
 * Planner statistics for the embedded database. PGlite is a single backend with no
 * autovacuum, so nothing ever runs ANALYZE: every table keeps the estimates of an empty one,
 * and the planner picks nested loops that rescan whole tables (the CPE list took 6.7 s at
 * 210 devices). `serve` therefore analyzes at start and every few minutes. A real
 * PostgreSQL's autovacuum does this itself, so this does nothing there.
 */
import type { Logger } from 'pino';
import type { Database } from './database.ts';

export const EMBEDDED_ANALYZE_EVERY_MS = 5 * 60_000;

/** Runs ANALYZE now and then on a timer; returns a function that stops the timer. */
export async function keepEmbeddedStatisticsFresh(db: Database, logger: Pick<Logger, 'warn'>, everyMs = EMBEDDED_ANALYZE_EVERY_MS): Promise<() => void> {
  if (!db.embedded) return () => {};
  const analyze = async () => {
    try {
      await db.pool.query('ANALYZE');
    } catch (err) {
      // Stale statistics make queries slower, never wrong: log and try again next time.
      logger.warn({ error: (err as Error).message }, 'ANALYZE of the embedded database failed');
    }
  };
  await analyze();
  const timer = setInterval(() => void analyze(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
