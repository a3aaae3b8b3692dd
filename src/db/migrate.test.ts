import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { loadMigrations, migrateDown, migrateUp } from './migrate.ts';

describe('migrations', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    await t.close();
  });

  it('are named, ordered and each has an up and a down section', () => {
    const all = loadMigrations();
    assert.ok(all.length >= 2);
    const versions = all.map((m) => m.version);
    assert.deepEqual([...versions].sort(), versions);
    assert.equal(new Set(versions).size, versions.length, 'no two migrations share a version');
  });

  it('revert completely and apply again (every migration is reversible)', async () => {
    const count = loadMigrations().length;
    const reverted = await migrateDown(t.db.pool, count);
    assert.equal(reverted.length, count);
    const tables = await t.db.pool.query(`select count(*)::int as n from pg_tables where schemaname = 'public' and tablename <> 'schema_migrations'`);
    assert.equal(tables.rows[0].n, 0, 'nothing is left after reverting all');
    const applied = await migrateUp(t.db.pool);
    assert.equal(applied.applied.length, count);
    assert.deepEqual((await migrateUp(t.db.pool)).applied, [], 'a second run applies nothing');
  });
});
