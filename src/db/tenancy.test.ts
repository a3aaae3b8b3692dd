import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { openDatabase } from './database.ts';
import { withPlatform, withTenant } from './tenancy.ts';

describe('withTenant / withPlatform', () => {
  let t: TestDatabase;
  let tenantId: string;
  before(async () => {
    t = await createTestDatabase();
    tenantId = await withPlatform(t.db, async (trx) => (await trx.insertInto('tenants').values({ slug: 'one', name: 'One', suspended_reason: null, suspended_at: null }).returning('id').executeTakeFirstOrThrow()).id);
  });
  after(async () => {
    await t.close();
  });

  it('runs as the unprivileged role with the tenant set, and both end with the transaction', async () => {
    const inside = await withTenant(t.db, tenantId, async (trx) =>
      (await sql<{ role: string; tenant: string }>`select current_user as role, current_setting('app.tenant_id', true) as tenant`.execute(trx)).rows[0],
    );
    assert.deepEqual(inside, { role: 'lastmile_app', tenant: tenantId });
    const afterwards = (await sql<{ role: string; tenant: string | null }>`select current_user as role, current_setting('app.tenant_id', true) as tenant`.execute(t.db.kysely)).rows[0];
    assert.notEqual(afterwards?.role, 'lastmile_app');
    assert.ok(!afterwards?.tenant, 'no tenant outside withTenant');
  });

  it('rolls back everything when the function throws', async () => {
    await assert.rejects(
      withTenant(t.db, tenantId, async (trx) => {
        await trx.insertInto('tenant_settings').values({ tenant_id: tenantId, logo: null, logo_content_type: null }).execute();
        throw new Error('boom');
      }),
      /boom/,
    );
    const n = await withTenant(t.db, tenantId, (trx) => trx.selectFrom('tenant_settings').select('id').where('tenant_id', '=', tenantId).execute());
    assert.equal(n.length, 0);
  });

  it('refuses a tenant id that is not a uuid', async () => {
    await assert.rejects(withTenant(t.db, "x' or 1=1 --", async () => 1), /uuid/);
  });

  it('logs each statement with tenant id, duration and request id when LOG_SQL is on', async (ctx) => {
    if (t.url === undefined) {
      ctx.skip('needs a second connection; runs on real PostgreSQL (TEST_DATABASE_URL)');
      return;
    }
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logged = await openDatabase({ url: t.url, logger: pino(sink), logSql: true });
    try {
      await withTenant(logged, tenantId, (trx) => trx.selectFrom('users').select('id').where('tenant_id', '=', tenantId).execute(), { requestId: 'req-42' });
    } finally {
      await logged.close();
    }
    const select = lines.find((l) => typeof l.sql === 'string' && (l.sql as string).includes('from "users"'));
    assert.ok(select, 'the select was logged');
    assert.equal(select.tenantId, tenantId);
    assert.equal(select.requestId, 'req-42');
    assert.equal(typeof select.durationMs, 'number');
  });
});
