/**
 * Opens the database (embedded PGlite or a real PostgreSQL) and returns the one object the
 * rest of the app uses to reach it. All tenant work goes through `withTenant`.
 */
import pg from 'pg';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from './schema.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.ts';
import { queryContext } from './query-context.ts';

// int8 (counts, money in minor units) as a JS number, refusing values a double cannot hold
// exactly. PGlite and pg would otherwise disagree (number vs string).
pg.types.setTypeParser(20, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} exceeds the safe integer range`);
  return n;
});

// A date column is a calendar date (billing days, install dates), not an instant: keep the
// 'YYYY-MM-DD' text, because turning it into a Date would shift it by the server's zone.
pg.types.setTypeParser(1082, (value: string) => value);

export interface OpenDatabaseOptions {
  /** A postgres:// URL; when absent, the embedded database is started on `embeddedDir`. */
  url?: string | undefined;
  embeddedDir?: string;
  /** Start the embedded database from this dump (see EmbeddedDatabase.dump); tests only. */
  embeddedTemplate?: Blob | undefined;
  poolMax?: number;
  /** Log every statement with tenant id, duration and request id (LOG_SQL=1). */
  logger?: Logger | undefined;
  logSql?: boolean;
}

export interface Database {
  kysely: Kysely<DB>;
  pool: pg.Pool;
  embedded: boolean;
  /** The embedded database's data directory as a tarball; undefined on a real server. */
  dumpEmbedded: (() => Promise<Blob>) | undefined;
  close(): Promise<void>;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let pool: pg.Pool;
  if (options.url) {
    pool = new pg.Pool({ connectionString: options.url, max: options.poolMax ?? 10 });
  } else {
    embedded = await startEmbeddedDatabase(options.embeddedDir ?? 'memory://', options.embeddedTemplate);
    // One connection: PGlite is a single backend, and two connections would interleave
    // their transactions (and their SET LOCAL ROLE / tenant settings) on it.
    pool = new pg.Pool({ host: embedded.socketDir, user: 'postgres', database: 'postgres', max: 1 });
  }
  let closing = false;
  // An idle pooled connection that dies is replaced on next use; log it (without the client
  // object, which carries connection details) unless we are shutting down on purpose.
  pool.on('error', (err) => {
    if (!closing) options.logger?.error({ error: err.message }, 'idle database connection failed');
  });
  const logger = options.logger;
  const kysely = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: options.logSql && logger ? (event: LogEvent) => logQuery(logger, event) : undefined,
  });
  return {
    kysely,
    pool,
    embedded: embedded !== undefined,
    dumpEmbedded: embedded?.dump,
    async close() {
      closing = true;
      await kysely.destroy();
      await embedded?.stop();
    },
  };
}

function logQuery(logger: Logger, event: LogEvent): void {
  const ctx = queryContext.getStore();
  const fields = {
    sql: event.query.sql,
    durationMs: Math.round(event.queryDurationMillis * 100) / 100,
    tenantId: ctx?.tenantId ?? null,
    platform: ctx?.platform ?? false,
    requestId: ctx?.requestId ?? null,
  };
  if (event.level === 'error') logger.warn({ ...fields, err: event.error }, 'sql failed');
  else logger.info(fields, 'sql');
}
