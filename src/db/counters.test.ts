import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { formatNumber, takeNumber, takeNumbers } from './counters.ts';
import { withPlatform, withTenant } from './tenancy.ts';

describe('per-tenant counters', () => {
  let t: TestDatabase;
  let a: string;
  let b: string;
  before(async () => {
    t = await createTestDatabase({ poolMax: 10 });
    [a, b] = await withPlatform(t.db, async (trx) => {
      const rows = await trx
        .insertInto('tenants')
        .values([
          { slug: 'counter-a', name: 'A', suspended_reason: null, suspended_at: null },
          { slug: 'counter-b', name: 'B', suspended_reason: null, suspended_at: null },
        ])
        .returning('id')
        .execute();
      return rows.map((r) => r.id) as [string, string];
    });
  });
  after(async () => {
    await t.close();
  });

  it('counts from 1, per tenant and per name, and hands out blocks', async () => {
    assert.equal(await withTenant(t.db, a, (trx) => takeNumber(trx, a, 'account')), 1);
    assert.equal(await withTenant(t.db, a, (trx) => takeNumber(trx, a, 'account')), 2);
    assert.equal(await withTenant(t.db, a, (trx) => takeNumber(trx, a, 'invoice')), 1, 'another name starts again');
    assert.equal(await withTenant(t.db, b, (trx) => takeNumber(trx, b, 'account')), 1, 'another tenant starts again');
    assert.equal(await withTenant(t.db, a, (trx) => takeNumbers(trx, a, 'account', 5)), 3);
    assert.equal(await withTenant(t.db, a, (trx) => takeNumber(trx, a, 'account')), 8);
  });

  it('gives numbers back when the transaction rolls back (no gaps)', async () => {
    const before = await withTenant(t.db, a, (trx) => takeNumber(trx, a, 'receipt'));
    await assert.rejects(
      withTenant(t.db, a, async (trx) => {
        await takeNumber(trx, a, 'receipt');
        throw new Error('document failed validation');
      }),
      /document failed/,
    );
    assert.equal(await withTenant(t.db, a, (trx) => takeNumber(trx, a, 'receipt')), before + 1);
  });

  it('50 concurrent takers get exactly 1..50, no gap and no duplicate', async () => {
    const taken = await Promise.all(Array.from({ length: 50 }, () => withTenant(t.db, b, (trx) => takeNumber(trx, b, 'concurrent'))));
    assert.deepEqual(
      [...taken].sort((x, y) => x - y),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });

  it('cannot be read or advanced from another tenant', async () => {
    const seen = await withTenant(t.db, b, (trx) => trx.selectFrom('tenant_counters').select(['tenant_id', 'name']).execute());
    assert.ok(seen.length > 0);
    assert.ok(seen.every((row) => row.tenant_id === b));
    await assert.rejects(withTenant(t.db, b, (trx) => takeNumber(trx, a, 'account')), /row-level security/);
  });

  it('refuses a malformed counter name and formats numbers with a prefix', async () => {
    await assert.rejects(withTenant(t.db, a, (trx) => takeNumber(trx, a, "x'; drop table users; --")), /lower_snake_case/);
    assert.equal(formatNumber('ACC-', 123), 'ACC-000123');
    assert.equal(formatNumber('OR-', 1234567), 'OR-1234567');
  });
});
