/**
 * Append-only SQL migrations in src/db/migrations, named <timestamp>_<what>.sql, each with
 * a `-- migrate:up` and a `-- migrate:down` section. Each runs in its own transaction under
 * an advisory lock, so two app servers starting at once cannot apply one twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_KEY = 727_001; // any constant; shared by every lastmile process on this database

export interface Migration {
  version: string;
  name: string;
  up: string;
  down: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d{14}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const upAt = text.indexOf('-- migrate:up');
      const downAt = text.indexOf('-- migrate:down');
      if (upAt === -1 || downAt === -1 || downAt < upAt) {
        throw new Error(`${file}: needs a "-- migrate:up" section followed by "-- migrate:down"`);
      }
      return {
        version: file.slice(0, 14),
        name: file.slice(15, -4),
        up: text.slice(upAt, downAt),
        down: text.slice(downAt),
      };
    });
}

export interface MigrateResult {
  applied: string[];
}

export async function migrateUp(pool: pg.Pool, migrations = loadMigrations()): Promise<MigrateResult> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        // Simple-protocol query (no parameters): a migration file may hold many statements.
        await client.query(migration.up);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.version}_${migration.name} failed: ${(err as Error).message}`);
      }
      applied.push(`${migration.version}_${migration.name}`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
  return { applied };
}

/** Reverts the newest `steps` applied migrations. */
export async function migrateDown(pool: pg.Pool, steps = 1, migrations = loadMigrations()): Promise<string[]> {
  const client = await pool.connect();
  const reverted: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    const rows = (await client.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version DESC LIMIT $1', [steps])).rows;
    for (const row of rows) {
      const migration = migrations.find((m) => m.version === row.version);
      if (!migration) throw new Error(`migration ${row.version} is applied but its file is missing`);
      await client.query('BEGIN');
      try {
        await client.query(migration.down);
        await client.query('DELETE FROM schema_migrations WHERE version = $1', [migration.version]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`reverting ${migration.version}_${migration.name} failed: ${(err as Error).message}`);
      }
      reverted.push(`${migration.version}_${migration.name}`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
  return reverted;
}
