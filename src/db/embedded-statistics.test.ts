import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../../test/helpers/database.ts';
import { keepEmbeddedStatisticsFresh } from './embedded-statistics.ts';

describe('planner statistics on the embedded database', () => {
  let testDb: TestDatabase;
  before(async () => {
    testDb = await createTestDatabase();
  });
  after(async () => {
    await testDb.close();
  });

  const reltuples = async () => Number((await testDb.db.pool.query<{ n: number }>(`select reltuples as n from pg_class where relname = 'tenants' and relkind = 'r'`)).rows[0]?.n);

  it('analyzes at once on the embedded database (no autovacuum there), and does nothing on a real server', async (s) => {
    if (onRealPostgres) {
      const warnings: unknown[] = [];
      const stop = await keepEmbeddedStatisticsFresh(testDb.db, { warn: (...args: unknown[]) => void warnings.push(args) });
      stop();
      assert.deepEqual(warnings, []);
      s.diagnostic('real PostgreSQL: autovacuum keeps the statistics');
      return;
    }
    await testDb.db.pool.query(`insert into tenants (slug, name) select 'stats-' || g, 'Stats ' || g from generate_series(1, 40) g`);
    assert.equal(await reltuples(), -1, 'never analyzed: the planner would take the table for empty');
    const warnings: unknown[] = [];
    const stop = await keepEmbeddedStatisticsFresh(testDb.db, { warn: (...args: unknown[]) => void warnings.push(args) }, 60_000);
    stop();
    assert.equal(await reltuples(), 40);
    assert.deepEqual(warnings, []);
  });
});
