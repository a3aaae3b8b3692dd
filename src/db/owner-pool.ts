/**
 * The connection that owns the schema: MIGRATION_DATABASE_URL when it differs from the app's
 * own, else the app's pool. Migrations and pg-boss's schema upkeep run over it.
 */
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Database } from './database.ts';

/** Runs fn with the pool that owns the schema: the owner connection, or the app's own. */
export async function withOwnerPool<T>(config: Config, db: Database, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  if (db.embedded || !config.migrationDatabaseUrl || config.migrationDatabaseUrl === config.databaseUrl) {
    return fn(db.pool);
  }
  const ownerPool = new pg.Pool({ connectionString: config.migrationDatabaseUrl, max: 1 });
  try {
    return await fn(ownerPool);
  } finally {
    await ownerPool.end();
  }
}
