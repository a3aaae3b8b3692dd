import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { openDatabase, type Database } from '../database.ts';
import { verifyIsolation } from './verify-isolation.ts';
import { formatReport } from './report.ts';
import { checkCatalog, type Violation } from './rules.ts';
import type { Catalog } from './catalog.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SECURE_POLICY = `tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid`;

// Each deliberately bad object, the rule it must trip, and the SQL that makes it (one statement
// per entry: PGlite refuses several statements in one prepared query).
const BAD_OBJECTS: { table: string; rule: string; sql: string[] }[] = [
  {
    table: 'bad_no_rls',
    rule: 'rls_disabled',
    sql: ['CREATE TABLE bad_no_rls (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id))', 'GRANT SELECT ON bad_no_rls TO lastmile_platform'],
  },
  {
    table: 'bad_not_forced',
    rule: 'rls_not_forced',
    sql: [
      'CREATE TABLE bad_not_forced (tenant_id uuid NOT NULL REFERENCES tenants (id), id uuid NOT NULL, PRIMARY KEY (tenant_id, id))',
      'ALTER TABLE bad_not_forced ENABLE ROW LEVEL SECURITY',
      `CREATE POLICY p ON bad_not_forced USING (${SECURE_POLICY}) WITH CHECK (${SECURE_POLICY})`,
    ],
  },
  {
    table: 'bad_pk',
    rule: 'primary_key_not_tenant_first',
    sql: ["CREATE TABLE bad_pk (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants (id))", "SELECT lastmile_secure_tenant_table('bad_pk')"],
  },
  {
    table: 'bad_unique',
    rule: 'unique_not_tenant_first',
    sql: [
      'CREATE TABLE bad_unique (tenant_id uuid NOT NULL REFERENCES tenants (id), id uuid NOT NULL, code text NOT NULL UNIQUE, PRIMARY KEY (tenant_id, id))',
      "SELECT lastmile_secure_tenant_table('bad_unique')",
    ],
  },
  {
    table: 'bad_fk',
    rule: 'foreign_key_not_composite',
    sql: [
      'CREATE TABLE bad_fk (tenant_id uuid NOT NULL REFERENCES tenants (id), id uuid NOT NULL, pk_id uuid REFERENCES bad_pk (id), PRIMARY KEY (tenant_id, id))',
      "SELECT lastmile_secure_tenant_table('bad_fk')",
    ],
  },
  {
    table: 'bad_policy',
    rule: 'policy_or',
    sql: [
      'CREATE TABLE bad_policy (tenant_id uuid NOT NULL REFERENCES tenants (id), id uuid NOT NULL, public boolean NOT NULL, PRIMARY KEY (tenant_id, id))',
      'ALTER TABLE bad_policy ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE bad_policy FORCE ROW LEVEL SECURITY',
      `CREATE POLICY p ON bad_policy USING (${SECURE_POLICY} OR public) WITH CHECK (${SECURE_POLICY})`,
    ],
  },
  { table: 'bad_view', rule: 'view_not_security_invoker', sql: ['CREATE VIEW bad_view AS SELECT tenant_id, id, email FROM users'] },
  {
    table: 'bad_definer_path()',
    rule: 'definer_search_path',
    sql: ['CREATE FUNCTION bad_definer_path() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER AS $$ SELECT count(*) FROM public.customers WHERE tenant_id = public.lastmile_current_tenant() $$'],
  },
  {
    table: 'bad_definer_tenant()',
    rule: 'definer_tenant_unchecked',
    sql: ['CREATE FUNCTION bad_definer_tenant() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ SELECT count(*) FROM public.customers $$'],
  },
  { table: 'bad_owned', rule: 'app_role_owns', sql: ['CREATE TABLE bad_owned (id int)', 'ALTER TABLE bad_owned OWNER TO lastmile_app'] },
];

function rulesOf(violations: Violation[], table: string): string[] {
  return violations.filter((v) => v.table === table || (v.table === null && v.detail.includes(table))).map((v) => v.rule);
}

describe('verifyIsolation', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    await t.close();
  });

  it('passes on a freshly migrated database and lists tenant and platform tables', async () => {
    const report = await verifyIsolation(t.db);
    assert.deepEqual(report.violations, []);
    assert.equal(report.ok, true);
    for (const table of ['users', 'roles', 'sessions', 'audit_events', 'tenant_settings']) assert.ok(report.checked.tenantTables.includes(table), table);
    for (const table of ['tenants', 'platform_admins', 'schema_migrations']) assert.ok(report.checked.platformTables.includes(table), table);
    assert.match(formatReport(report), /Isolation verified/);
  });

  it('reports each deliberately bad table with its rule', async () => {
    for (const bad of BAD_OBJECTS) for (const statement of bad.sql) await t.db.pool.query(statement);
    // A security_invoker view over the same table is fine.
    await t.db.pool.query('CREATE VIEW good_view WITH (security_invoker = true) AS SELECT tenant_id, id FROM users');
    // So is a definer function the runtime role cannot call.
    await t.db.pool.query('CREATE FUNCTION good_definer_revoked() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER AS $$ SELECT count(*) FROM public.customers $$');
    await t.db.pool.query('REVOKE ALL ON FUNCTION good_definer_revoked() FROM PUBLIC');

    const report = await verifyIsolation(t.db);
    assert.equal(report.ok, false);
    for (const bad of BAD_OBJECTS) assert.ok(rulesOf(report.violations, bad.table).includes(bad.rule), `${bad.table} should be reported as ${bad.rule}`);
    assert.ok(rulesOf(report.violations, 'bad_no_rls').includes('policy_missing'));
    assert.ok(rulesOf(report.violations, 'bad_no_rls').includes('tenant_id_trigger_missing'));
    assert.deepEqual(rulesOf(report.violations, 'good_view'), []);
    assert.deepEqual(rulesOf(report.violations, 'good_definer_revoked()'), []);
    // The migrated tables are still clean: violations name only the bad objects.
    for (const v of report.violations) assert.match(v.table ?? v.detail, /bad_/);
    const text = formatReport(report);
    assert.match(text, /FAIL {2}row level security enabled and forced \(3\)/);
    assert.match(text, /bad_fk {2}foreign_key_not_composite/);
    assert.match(text, /Isolation FAILED/);
  });

  it('finds rows of unknown tenants and references across tenants', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await t.db.pool.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'A'), ($3, $4, 'B')`, [a, `a-${a.slice(0, 8)}`, b, `b-${b.slice(0, 8)}`]);
    await t.db.pool.query('INSERT INTO bad_no_rls (tenant_id, id) VALUES ($1, $2)', [randomUUID(), randomUUID()]);
    const parent = randomUUID();
    await t.db.pool.query('INSERT INTO bad_pk (id, tenant_id) VALUES ($1, $2)', [parent, b]);
    await t.db.pool.query('INSERT INTO bad_fk (tenant_id, id, pk_id) VALUES ($1, $2, $3)', [a, randomUUID(), parent]);

    const report = await verifyIsolation(t.db);
    assert.ok(rulesOf(report.violations, 'bad_no_rls').includes('tenant_id_orphan'));
    const crossing = report.violations.find((v) => v.rule === 'cross_tenant_reference');
    assert.equal(crossing?.table, 'bad_fk');
    assert.match(crossing?.detail ?? '', /1 row/);
  });
});

describe('policy rules', () => {
  const catalog = (policies: Catalog['policies']): Catalog => ({
    tables: [{ name: 'things', rlsEnabled: true, rlsForced: true, tenantIdType: 'uuid', tenantIdNotNull: true, appHasAccess: true, platformCanRead: true }],
    policies,
    keys: [{ table: 'things', name: 'things_pkey', kind: 'primary', firstColumn: 'tenant_id', definition: '' }],
    foreignKeys: [],
    tablesWithImmutableTrigger: new Set(['things']),
    views: [],
    definerFunctions: [],
    appRole: { exists: true, superuser: false, bypassRls: false, canLogin: false, owns: [], privilegedMemberships: [] },
    appRoleMemberOf: ['lastmile_app'],
  });
  const tenantExpr = `(tenant_id = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid)`;

  it('asks USING of reads and WITH CHECK of writes, each only where the command allows it', () => {
    const ok = checkCatalog(
      catalog([
        { table: 'things', name: 'read', command: 'r', permissive: true, roles: ['lastmile_app'], using: tenantExpr, withCheck: null },
        { table: 'things', name: 'add', command: 'a', permissive: true, roles: ['public'], using: null, withCheck: 'tenant_id = lastmile_current_tenant()' },
        { table: 'things', name: 'other_role', command: '*', permissive: true, roles: ['somebody_else'], using: 'true', withCheck: null },
      ]),
    );
    assert.deepEqual(ok, []);
    const bad = checkCatalog(
      catalog([
        { table: 'things', name: 'all', command: '*', permissive: true, roles: ['public'], using: tenantExpr, withCheck: null },
        { table: 'things', name: 'setting_only', command: 'r', permissive: true, roles: ['public'], using: `(current_setting('app.tenant_id'::text) IS NOT NULL)`, withCheck: null },
      ]),
    );
    assert.deepEqual(
      bad.map((v) => v.rule),
      ['policy_with_check', 'policy_using'],
    );
  });

  it('flags a tenant table that no policy for the runtime role covers', () => {
    const found = checkCatalog(catalog([{ table: 'things', name: 'x', command: '*', permissive: true, roles: ['somebody_else'], using: tenantExpr, withCheck: tenantExpr }]));
    assert.deepEqual(found.map((v) => v.rule), ['policy_missing']);
  });
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  delete clean.MIGRATION_DATABASE_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/lastmile.js'), ...args], { cwd: ROOT, env: { ...clean, LOG_LEVEL: 'warn', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('lastmile verify-isolation (the real command)', () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  // Runs SQL on the CLI's database between commands (the embedded one admits one process at a time).
  let withDatabase: (fn: (db: Database) => Promise<void>) => Promise<void>;

  before(async () => {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (adminUrl) {
      const empty = await createEmptyDatabase(adminUrl, 'lastmile_cli');
      env = { DATABASE_URL: empty.url };
      withDatabase = async (fn) => {
        const db = await openDatabase({ url: empty.url, poolMax: 1 });
        try {
          await fn(db);
        } finally {
          await db.close();
        }
      };
      cleanup = () => empty.drop();
    } else {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-verify-'));
      env = { DATA_DIR: dataDir };
      withDatabase = async (fn) => {
        const db = await openDatabase({ embeddedDir: path.join(dataDir, 'pglite') });
        try {
          await fn(db);
        } finally {
          await db.close();
        }
      };
      cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
  after(async () => {
    await cleanup();
  });

  it('exits 0 on a migrated database and 1 with the violation once a bad table exists', async () => {
    const migrated = await runCli(['migrate'], env);
    assert.equal(migrated.code, 0, migrated.stderr);

    const clean = await runCli(['verify-isolation'], env);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /Isolation verified/);
    assert.match(clean.stdout, /Platform tables \(\d+, no tenant_id\): .*tenants/);

    await withDatabase(async (db) => {
      await db.pool.query('CREATE TABLE widgets (tenant_id uuid NOT NULL, id uuid PRIMARY KEY)');
    });
    const dirty = await runCli(['verify-isolation', '--json'], env);
    assert.equal(dirty.code, 1, dirty.stderr);
    const report = JSON.parse(dirty.stdout) as { ok: boolean; violations: Violation[]; checked: { tenantTables: string[] } };
    assert.equal(report.ok, false);
    assert.ok(report.checked.tenantTables.includes('widgets'));
    const widgetRules = report.violations.filter((v) => v.table === 'widgets').map((v) => v.rule);
    for (const rule of ['rls_disabled', 'rls_not_forced', 'policy_missing', 'primary_key_not_tenant_first', 'tenant_id_trigger_missing']) {
      assert.ok(widgetRules.includes(rule), `widgets: ${rule}`);
    }
  });
});
