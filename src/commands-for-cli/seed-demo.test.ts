import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../db/database.ts';
import { withPlatform, withTenant } from '../db/tenancy.ts';
import { verifyPassword } from '../lib/passwords.ts';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../../test/helpers/database.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Runs the real `lastmile seed-demo` twice on a database of its own (embedded in a temp
 * DATA_DIR, or a fresh PostgreSQL database with TEST_DATABASE_URL). A smaller company than
 * the default keeps the test quick; the shape is the same.
 */
describe('lastmile seed-demo', () => {
  let dataDir: string;
  let pgDb: TestDatabase | undefined;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-seed-'));
    if (onRealPostgres) pgDb = await createTestDatabase({ poolMax: 2 });
  });
  after(async () => {
    await pgDb?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = pgDb?.db ?? (await openDatabase({ embeddedDir: path.join(dataDir, 'pglite') }));
    try {
      return await fn(db);
    } finally {
      if (!pgDb) await db.close();
    }
  }

  function lastmile(args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.MIGRATION_DATABASE_URL;
    if (pgDb?.url) env.DATABASE_URL = pgDb.url;
    const res = spawnSync(process.execPath, ['bin/lastmile.js', ...args], { cwd: root, env, encoding: 'utf8', timeout: 300_000 });
    assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
    return { status: res.status, stdout: res.stdout, stderr: res.stderr };
  }

  it('refuses a bad --scale or --customers', () => {
    const scale = lastmile(['seed-demo', '--scale', 'lots']);
    assert.equal(scale.status, 2);
    assert.match(scale.stderr, /^lastmile: --scale must be a whole number from 0 to 10,000,000/);
    const customers = lastmile(['seed-demo', '--customers', '0']);
    assert.equal(customers.status, 2);
    assert.match(customers.stderr, /^lastmile: --customers must be a whole number from 1 to 2000/);
  });

  it('creates the demo company with a working owner login and the expected data, and a second run adds nothing', async () => {
    const first = lastmile(['seed-demo', '--customers', '24', '--scale', '30']);
    assert.equal(first.status, 0, first.stderr);
    const lines = first.stdout.trim().split('\n');
    assert.equal(lines[0], 'Demo company: Demo Fiber (slug demo-fiber)');
    assert.match(lines[1] ?? '', /^Sign in at http:\/\/localhost:\d+\/login as owner@demo-fiber\.example\.com$/);
    const password = /^Password: (\S+)$/.exec(lines[2] ?? '')?.[1];
    assert.ok(password, lines[2]);
    // 24 subscribers: 17 active on ports, 2 booked on ports, 3 booked without one, 2 leads; 25 spare ONUs; 30 more by --scale.
    assert.equal(lines[3], 'Areas 14, plans 6, NAP ports 192, customers 54, devices 44, installations 52, services 52');
    const billed = /^Billing: (\d+) invoices made, (\d+) payments and (\d+) prepaid top-ups recorded$/.exec(lines[4] ?? '');
    assert.ok(billed, lines[4]);
    assert.ok(Number(billed[1]) > 0 && Number(billed[2]) > 0 && Number(billed[3]) > 0, lines[4]);

    const tenant = await withDb((db) => withPlatform(db, (trx) => trx.selectFrom('tenants').select('id').where('slug', '=', 'demo-fiber').executeTakeFirstOrThrow()));
    const facts = await withDb((db) =>
      withTenant(db, tenant.id, async (trx) => {
        const owner = await trx.selectFrom('users').select('password_hash').where('tenant_id', '=', tenant.id).where('is_owner', '=', true).executeTakeFirstOrThrow();
        const statuses = await sql<{ status: string; n: number }>`select status, count(*)::int as n from customers where tenant_id = ${tenant.id} and external_ref like 'demo:%' group by status order by status`.execute(trx);
        const modes = await sql<{ billing_mode: string; n: number }>`select billing_mode, count(*)::int as n from services where tenant_id = ${tenant.id} group by billing_mode`.execute(trx);
        const settings = await trx.selectFrom('tenant_settings').select(['currency', 'time_zone']).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow();
        const located = await sql<{ n: number }>`select count(*)::int as n from customers where tenant_id = ${tenant.id} and latitude between 14.2 and 14.6 and longitude between 120.8 and 121.1`.execute(trx);
        const audit = await sql<{ n: number }>`select count(*)::int as n from audit_events where tenant_id = ${tenant.id} and actor_label = 'seed-demo'`.execute(trx);
        return { owner, statuses: statuses.rows, modes: modes.rows, settings, located: located.rows[0]?.n, audit: audit.rows[0]?.n ?? 0 };
      }),
    );
    assert.equal(await verifyPassword(facts.owner.password_hash, password), true, 'the printed password signs the owner in');
    assert.deepEqual(facts.statuses, [
      { status: 'active', n: 17 },
      { status: 'disconnected', n: 1 },
      { status: 'lead', n: 5 },
      { status: 'suspended', n: 1 },
    ]);
    assert.deepEqual(facts.settings, { currency: 'PHP', time_zone: 'Asia/Manila' });
    assert.ok(facts.modes.some((m) => m.billing_mode === 'prepaid') && facts.modes.some((m) => m.billing_mode === 'postpaid'), JSON.stringify(facts.modes));
    assert.equal(facts.located, 19 + 30, 'subscribers on ports sit near their NAP; scale rows around Cavite');
    assert.ok(facts.audit > 100, 'the use cases audited what they created');

    const second = lastmile(['seed-demo', '--customers', '24']);
    assert.equal(second.status, 0, second.stderr);
    const again = second.stdout.trim().split('\n');
    assert.equal(again[2], 'Password: unchanged (it was printed when the company was created)');
    assert.equal(again[3], 'Areas 14, plans 6, NAP ports 192, customers 54, devices 44, installations 52, services 52');
    assert.match(again[4] ?? '', /^Billing: 0 invoices made, \d+ payments and 0 prepaid top-ups recorded$/, 'nothing is billed twice');
    const money = await withDb((db) =>
      withTenant(db, tenant.id, async (trx) => {
        const r = await sql<{ ledger: string; receipts: number; invoices: number }>`
          select (select coalesce(sum(amount_minor), 0)::text from ledger_entries) as ledger,
                 (select count(*)::int from receipts) as receipts,
                 (select count(*)::int from invoices) as invoices`.execute(trx);
        return r.rows[0];
      }),
    );
    assert.ok(money && money.receipts > 0 && money.invoices > 0, JSON.stringify(money));
  });
});
