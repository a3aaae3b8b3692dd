/**
 * An isolated, migrated database for one test file: embedded PGlite in memory by default, or
 * a freshly created database on the PostgreSQL named by TEST_DATABASE_URL (dropped after).
 * Tests never depend on leftovers.
 *
 * Speed: test/run.js migrates one template per run (test/helpers/test-template.ts) and names
 * it in LASTMILE_TEST_TEMPLATE: a PGlite dump file, or a template database on the server.
 * Each file then starts from a copy instead of running initdb and every migration again;
 * migrateUp still runs (a no-op when the template is current). Without the variable (a file
 * run on its own with `node --test`), each file builds its database from scratch.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
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
  const template = process.env.LASTMILE_TEST_TEMPLATE || undefined;
  if (!adminUrl) {
    const dump = template ? new Blob([fs.readFileSync(template)]) : undefined;
    const db = await openDatabase({ embeddedTemplate: dump });
    await migrateUp(db.pool);
    return { db, url: undefined, close: () => db.close() };
  }
  const empty = await createEmptyDatabase(adminUrl, 'lastmile_test', template);
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

/**
 * A new database on the server of `adminUrl`, and how to drop it: empty (unmigrated), or a
 * copy of the `template` database.
 */
export async function createEmptyDatabase(adminUrl: string, prefix = 'lastmile_test', template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${pg.escapeIdentifier(template)}` : `CREATE DATABASE ${name}`);
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
