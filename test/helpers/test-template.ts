/**
 * Builds the migrated template the test files start from (see test/helpers/database.ts),
 * run by test/run.js before the suite:
 *
 *   node --import tsx test/helpers/test-template.ts create <file-or-database-name>
 *   node --import tsx test/helpers/test-template.ts drop <database-name>
 *
 * Without TEST_DATABASE_URL it writes a dump of a migrated embedded PGlite to the file; with
 * it, it creates and migrates a database of that name on the server (dropped by `drop`).
 */
import fs from 'node:fs';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';
import { migrateUp } from '../../src/db/migrate.ts';

const [command, target] = process.argv.slice(2);
const adminUrl = process.env.TEST_DATABASE_URL;
if (!target || (command !== 'create' && command !== 'drop')) {
  console.error('usage: test-template.ts create|drop <file-or-database-name>');
  process.exit(2);
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

if (command === 'drop') {
  if (adminUrl) await admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(target)} WITH (FORCE)`);
  else fs.rmSync(target, { force: true });
} else if (!adminUrl) {
  const db = await openDatabase({});
  await migrateUp(db.pool);
  // Flush everything to the data files first, so a copy starts without WAL to replay.
  await db.pool.query('CHECKPOINT');
  const dump = await db.dumpEmbedded!();
  fs.writeFileSync(target, Buffer.from(await dump.arrayBuffer()));
  await db.close();
} else {
  await admin(`CREATE DATABASE ${pg.escapeIdentifier(target)}`);
  const url = new URL(adminUrl);
  url.pathname = `/${target}`;
  const db = await openDatabase({ url: url.toString(), poolMax: 1 });
  await migrateUp(db.pool);
  // A template must have no connections when CREATE DATABASE ... TEMPLATE copies it.
  await db.close();
}
