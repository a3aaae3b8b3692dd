/** Opens what every command needs: validated config, the database (migrated), a logger. */
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateUp } from '../db/migrate.ts';
import { withOwnerPool } from '../db/owner-pool.ts';

export interface Runtime {
  config: Config;
  db: Database;
  logger: Logger;
}

export async function openRuntime(options: { migrate: boolean; quiet?: boolean }): Promise<Runtime> {
  const config = loadConfig();
  const logger = pino({ level: options.quiet ? 'warn' : config.logLevel });
  const db = await openDatabase({
    url: config.databaseUrl,
    embeddedDir: path.join(config.dataDir, 'pglite'),
    poolMax: config.poolMax,
    logger,
    logSql: config.logSql,
  });
  if (options.migrate) {
    const applied = await runMigrations(config, db);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  }
  return { config, db, logger };
}

/** Migrations run over the owner connection (MIGRATION_DATABASE_URL) when one is given. */
export async function runMigrations(config: Config, db: Database): Promise<string[]> {
  return withOwnerPool(config, db, async (pool) => (await migrateUp(pool)).applied);
}

