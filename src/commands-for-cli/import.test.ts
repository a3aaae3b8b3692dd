import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateUp } from '../db/migrate.ts';
import { withTenant } from '../db/tenancy.ts';
import { signUpCompany } from '../modules/tenants/sign-up-company.ts';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../../test/helpers/database.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'test/fixtures/imports');

/**
 * Runs the real `lastmile import` on a database of its own: a fresh embedded one in a temp
 * DATA_DIR, or a freshly created PostgreSQL database when TEST_DATABASE_URL is set. The
 * embedded database is opened here only between runs (one process at a time may hold it).
 */
describe('lastmile import', () => {
  let dataDir: string;
  let pgDb: TestDatabase | undefined;
  let tenantId: string;
  let slug: string;

  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = pgDb?.db ?? (await openDatabase({ embeddedDir: path.join(dataDir, 'pglite') }));
    try {
      return await fn(db);
    } finally {
      if (!pgDb) await db.close();
    }
  }

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-import-cli-'));
    if (onRealPostgres) pgDb = await createTestDatabase({ poolMax: 2 });
    const created = await withDb(async (db) => {
      await migrateUp(db.pool);
      return signUpCompany({ db, now: () => new Date() }, { companyName: 'Imus Fiber', ownerName: 'Owner', email: 'owner@imus.test', password: 'correct horse battery' });
    });
    tenantId = created.tenantId;
    slug = created.tenantSlug;
  });
  after(async () => {
    await pgDb?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function lastmile(args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.MIGRATION_DATABASE_URL;
    if (pgDb?.url) env.DATABASE_URL = pgDb.url;
    const res = spawnSync(process.execPath, ['bin/lastmile.js', ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
    assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
    return { status: res.status, stdout: res.stdout, stderr: res.stderr };
  }

  const areaCount = () =>
    withDb((db) =>
      withTenant(db, tenantId, async (trx) => Number((await trx.selectFrom('service_areas').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n)),
    );

  it('refuses bad command lines with one clear line and a non-zero exit', () => {
    const cases: [string[], number, RegExp][] = [
      [['import', 'widgets', 'x.csv', '--tenant', 'imus-fiber'], 2, /^lastmile: unknown import type "widgets"; choose one of areas, plans, customers, devices, installations$/],
      [['import', 'areas'], 2, /^lastmile: usage: lastmile import TYPE FILE --tenant SLUG \[--dry-run\]/],
      [['import', 'areas', 'test/fixtures/imports/areas.csv'], 2, /^lastmile: --tenant is required/],
      [['import', 'areas', 'no/such/file.csv', '--tenant', 'imus-fiber'], 1, /^lastmile: cannot read no\/such\/file\.csv: no such file$/],
      [['import', 'areas', 'test/fixtures/imports/areas.csv', '--tenant', 'nobody-here'], 1, /^lastmile: no company has the slug "nobody-here"/],
      [['import', 'areas', 'test/fixtures/imports/areas.csv', '--tenant', 'imus-fiber', '--dryrun'], 2, /^lastmile import: Unknown option '--dryrun'/],
    ];
    for (const [args, code, message] of cases) {
      const res = lastmile(args);
      assert.equal(res.status, code, `${args.join(' ')}: ${res.stderr}`);
      assert.match(res.stderr.trim(), message);
    }
  });

  it('dry-runs, imports, then skips everything on a re-run', async () => {
    assert.equal(slug, 'imus-fiber');
    const file = path.join(fixtures, 'areas.csv');
    const dry = lastmile(['import', 'areas', file, '--tenant', slug, '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal(dry.stdout.trim(), 'Dry run of areas.csv: 6 rows, 6 would be created, 0 already imported, no problems. Nothing was changed.');
    assert.equal(await areaCount(), 0);

    const real = lastmile(['import', 'areas', file, '--tenant', slug]);
    assert.equal(real.status, 0, real.stderr);
    assert.equal(real.stdout.trim(), 'Imported areas.csv into Imus Fiber: 6 rows, 6 created, 0 already imported.');
    assert.equal(real.stderr, '', 'no progress lines for a small file off a terminal');
    assert.equal(await areaCount(), 6);

    const again = lastmile(['import', 'areas', file, '--tenant', slug]);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout.trim(), 'Imported areas.csv into Imus Fiber: 6 rows, 0 created, 6 already imported.');
    assert.equal(await areaCount(), 6);
  });

  it('prints every problem by line and column, exits 1 and writes nothing', async () => {
    const bad = path.join(dataDir, 'customers-bad.csv');
    fs.writeFileSync(
      bad,
      ['external_ref,first_name,email,area_code,emial', 'X-1,Ana,ana@example.ph,IMUS,', 'X-2,,bad-email,NOPE,', 'X-3,Ben,ben@example.ph,CAV,'].join('\n'),
    );
    const res = lastmile(['import', 'customers', bad, '--tenant', slug]);
    assert.equal(res.status, 1);
    assert.deepEqual(res.stdout.trim().split('\n'), [
      'line 1, emial: Unknown column for customers; the columns are external_ref, first_name, last_name, company_name, email, phone, alt_phone, service_address, area_code, area_path, latitude, longitude, location_accuracy, location_notes, status, notes, tags',
      'line 3, area_code: No area has the code "NOPE"',
      'line 3, first_name: Enter a first name, or a company name for a business',
      'line 3, email: Enter a valid email address',
      'customers-bad.csv: 4 problems on 2 lines (3 rows); nothing was imported into Imus Fiber.',
    ]);
    const customers = await withDb((db) => withTenant(db, tenantId, (trx) => trx.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).execute()));
    assert.equal(customers.length, 0);
  });
});
