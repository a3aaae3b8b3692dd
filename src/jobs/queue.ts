/**
 * pg-boss on the app's own database (DESIGN.md "jobs"). pg-boss is handed our `pg` pool
 * through its `db` option, so it opens no connections of its own: the embedded database
 * takes exactly one connection, and on a real server the queue shares the app's pool.
 *
 * pg-boss keeps its tables in the `pgboss` schema. They hold no tenant business data, only
 * job payloads that carry a tenantId, so the tenancy rules (RLS, tenant-first keys) do not
 * apply there; every tenant job re-enters withTenant before it touches tenant tables.
 *
 * Creating that schema, and the per-queue partition tables pg-boss 10 makes for each queue,
 * is DDL: it runs over the owner connection (MIGRATION_DATABASE_URL) like our migrations,
 * and the runtime login is then granted plain DML on the pgboss tables.
 */
import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { Database } from '../db/database.ts';

export const QUEUE_SCHEMA = 'pgboss';
/** pg-boss's own queue for cron schedules (timekeeper); it must exist before `schedule`. */
const CRON_QUEUE = '__pgboss__send-it';

/**
 * Completed jobs stay in the job table (not the archive) for two days, so a singleton key
 * per (job, tenant, day) still refuses a second enqueue late the same day. pg-boss also
 * requires singletonSeconds to be at most this interval.
 */
const ARCHIVE_COMPLETED_AFTER_SECONDS = 2 * 24 * 60 * 60;

export type Boss = PgBoss;

function bossOn(pool: pg.Pool, options: Partial<PgBoss.ConstructorOptions>): PgBoss {
  const db: PgBoss.Db = { executeSql: (text, values) => pool.query(text, values) };
  return new PgBoss({
    db,
    schema: QUEUE_SCHEMA,
    archiveCompletedAfterSeconds: ARCHIVE_COMPLETED_AFTER_SECONDS,
    ...options,
  });
}

/**
 * Creates or upgrades the pgboss schema and the given queues over `ownerPool`. When the
 * runtime pool logs in as another role, that role gets DML on the pgboss tables (and
 * nothing else: it never creates tables there).
 */
export async function installQueue(ownerPool: pg.Pool, runtimePool: pg.Pool, queueNames: readonly string[]): Promise<void> {
  const installer = bossOn(ownerPool, { migrate: true, supervise: false, schedule: false });
  await installer.start();
  try {
    for (const name of [CRON_QUEUE, ...queueNames]) await installer.createQueue(name);
  } finally {
    await installer.stop({ graceful: false, wait: true });
  }
  if (ownerPool === runtimePool) return;
  const { rows } = await runtimePool.query<{ role: string }>('select current_user as role');
  const role = rows[0]?.role;
  if (!role) throw new Error('could not read the runtime database role');
  const owner = await ownerPool.query<{ role: string }>('select current_user as role');
  if (owner.rows[0]?.role === role) return;
  // Granted table by table at each start: pg-boss adds a partition table per new queue.
  await ownerPool.query(`GRANT USAGE ON SCHEMA ${QUEUE_SCHEMA} TO ${quoteIdent(role)}`);
  await ownerPool.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${QUEUE_SCHEMA} TO ${quoteIdent(role)}`);
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export interface StartQueueOptions {
  /** Run pg-boss's cron timekeeper (the worker process does; a producer need not). */
  schedule?: boolean;
  /** How often an idle worker polls for jobs. */
  pollingIntervalSeconds?: number;
  onError?: (err: Error) => void;
}

/** Starts pg-boss on the runtime pool; the schema must already be installed (installQueue). */
export async function startQueue(db: Database, options: StartQueueOptions = {}): Promise<PgBoss> {
  const boss = bossOn(db.pool, {
    migrate: false,
    schedule: options.schedule ?? true,
    supervise: true,
    ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
  });
  boss.on('error', (err) => options.onError?.(err));
  await boss.start();
  return boss;
}

/**
 * Stops taking jobs and waits (up to `timeoutMs`) for those in flight to finish. Never
 * closes the pool: it is the app's, and the caller closes the database afterwards.
 */
export async function stopQueue(boss: PgBoss, timeoutMs = 8000): Promise<void> {
  await boss.stop({ graceful: true, wait: true, close: false, timeout: timeoutMs });
}
