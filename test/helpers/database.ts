/**
 * An isolated, migrated database for one test file: embedded PGlite in memory by default, or
 * a freshly created database on the PostgreSQL named by TEST_DATABASE_URL (dropped after).
 * Tests never depend on leftovers.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateUp } from '../../src/db/migrate.ts';

export interface TestDatabase {
  db: Database;
  /** postgres:// URL of this test's database, when on a real server. */
  url: string | undefined;
  close(): Promise<void>;
}

export const onRealPostgres = Boolean(process.env.TEST_DATABASE_URL);

export async function createTestDatabase(options: { poolMax?: number } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const db = await openDatabase({});
    await migrateUp(db.pool);
    return { db, url: undefined, close: () => db.close() };
  }
  const empty = await createEmptyDatabase(adminUrl);
  const db = await openDatabase({ url: empty.url, poolMax: options.poolMax ?? 10 });
  await migrateUp(db.pool);
  return {
    db,
    url: empty.url,
    async close() {
      await db.close();
      await empty.drop();
    },
  };
}

/** A new, empty (unmigrated) database on the server of `adminUrl`, and how to drop it. */
export async function createEmptyDatabase(adminUrl: string, prefix = 'lastmile_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
