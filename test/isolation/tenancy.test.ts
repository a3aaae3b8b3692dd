/**
 * The isolation suite: what PostgreSQL itself guarantees once withTenant has set up a
 * transaction, checked with raw SQL over every tenant table found in the catalog. Runs on
 * embedded PGlite by default and on real PostgreSQL with TEST_DATABASE_URL (CI does both).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Transaction } from 'kysely';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../helpers/app.ts';
import { onRealPostgres } from '../helpers/database.ts';
import { APP_ROLE, withPlatform, withTenant } from '../../src/db/tenancy.ts';
import type { DB } from '../../src/db/schema.ts';

interface PgError {
  code?: string;
  message: string;
}

describe('tenant isolation in the database', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;
  let tenantTables: string[];

  /** Gives a tenant rows in as many tables as the app can write today: staff, invitation, API key, audit. */
  async function populate(owner: StaffSession, label: string): Promise<void> {
    await addStaff(t, owner, 'support', 'clerk@collide.test');
    const roles = (await asStaff(t, owner, { method: 'GET', url: '/api/v1/roles' })).json() as { items: { id: string; builtinKey: string | null }[] };
    const support = roles.items.find((r) => r.builtinKey === 'support');
    assert.ok(support);
    const invited = await asStaff(t, owner, { method: 'POST', url: '/api/v1/users', payload: { name: 'Same Name', email: 'invitee@collide.test', roleId: support.id } });
    assert.equal(invited.statusCode, 201, invited.body);
    const key = await asStaff(t, owner, {
      method: 'POST',
      url: '/app/api-keys',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: owner.csrf, name: `Key ${label}`, permissions: 'users.read' }).toString(),
    });
    assert.ok(key.statusCode < 400, key.body);
  }

  before(async () => {
    // Ten connections on real PostgreSQL (the embedded database always has one).
    t = await createTestApp({ poolMax: 10 });
    // Same company name, same owner name and e-mail, same staff e-mails: only tenant_id differs.
    a = await signUpTenant(t, { companyName: 'Twin Fiber', ownerName: 'Ana Cruz', email: 'ana@collide.test' });
    b = await signUpTenant(t, { companyName: 'Twin Fiber', ownerName: 'Ana Cruz', email: 'ana@collide.test' });
    await populate(a, 'A');
    await populate(b, 'B');
    tenantTables = await withPlatform(t.app.db, async (trx) => {
      const { rows } = await sql<{ name: string }>`
        select c.relname as "name" from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute at on at.attrelid = c.oid and at.attname = 'tenant_id' and not at.attisdropped
        where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`.execute(trx);
      return rows.map((r) => r.name);
    });
  });
  after(async () => {
    await t.close();
  });

  /**
   * A transaction on the connecting (owner) role, without withTenant: RLS does not restrict
   * it, so only the schema's own rules stand in the way. (A transaction rather than a bare
   * pool query: the embedded database drops the connection after a failed autocommit query.)
   */
  function asOwner<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return t.app.db.kysely.transaction().execute(fn);
  }

  /** Rows per tenant table of one tenant, counted on the platform path (which bypasses RLS). */
  async function rowsOf(tenantId: string): Promise<Map<string, number>> {
    return withPlatform(t.app.db, async (trx) => {
      const counts = new Map<string, number>();
      for (const table of tenantTables) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as "n" from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(trx);
        counts.set(table, rows[0]?.n ?? 0);
      }
      return counts;
    });
  }

  it('has the colliding staff in both tenants', async () => {
    for (const tenantId of [a.tenantId, b.tenantId]) {
      const emails = await withTenant(t.app.db, tenantId, async (trx) =>
        (await sql<{ email: string }>`select email from users where tenant_id = ${tenantId} order by email`.execute(trx)).rows.map((r) => r.email),
      );
      assert.deepEqual(emails, ['ana@collide.test', 'clerk@collide.test', 'invitee@collide.test']);
    }
  });

  it("returns none of B's rows to raw SELECT * in A's transaction, for every tenant table", async () => {
    assert.ok(tenantTables.length >= 7, `tenant tables found: ${tenantTables.join(', ')}`);
    const ofA = await rowsOf(a.tenantId);
    const ofB = await rowsOf(b.tenantId);
    // The check means something only where B really has rows.
    for (const table of ['tenant_settings', 'roles', 'users', 'sessions', 'user_tokens', 'api_keys', 'audit_events']) {
      assert.ok((ofB.get(table) ?? 0) > 0, `tenant B has rows in ${table}`);
    }
    await withTenant(t.app.db, a.tenantId, async (trx) => {
      for (const table of tenantTables) {
        const { rows } = await sql<{ tenant_id: string }>`select * from ${sql.table(table)}`.execute(trx);
        const foreign = rows.filter((r) => r.tenant_id !== a.tenantId);
        assert.equal(foreign.length, 0, `${table}: ${foreign.length} row(s) of another tenant visible to A`);
        assert.equal(rows.length, ofA.get(table), `${table}: A sees all of its own rows`);
      }
      // The platform table of companies shows A only its own row.
      const companies = await sql<{ id: string }>`select * from tenants`.execute(trx);
      assert.deepEqual(companies.rows.map((r) => r.id), [a.tenantId]);
    });
  });

  it('with no tenant set, every tenant table reads as empty and an insert is rejected', async () => {
    const db = t.app.db.kysely;
    await db.transaction().execute(async (trx) => {
      await sql`select set_config('role', ${APP_ROLE}, true)`.execute(trx);
      for (const table of [...tenantTables, 'tenants']) {
        const { rows } = await sql`select * from ${sql.table(table)}`.execute(trx);
        assert.equal(rows.length, 0, `${table} shows ${rows.length} row(s) with no tenant set`);
      }
    });
    const roleOfA = await withTenant(t.app.db, a.tenantId, async (trx) =>
      (await sql<{ id: string }>`select id from roles where tenant_id = ${a.tenantId} and builtin_key = 'support'`.execute(trx)).rows[0]?.id,
    );
    const inserts = [
      sql`insert into roles (tenant_id, name) values (${a.tenantId}, 'Sneaky')`,
      sql`insert into users (tenant_id, email, name, role_id) values (${a.tenantId}, 'sneaky@collide.test', 'Sneaky', ${roleOfA})`,
      sql`insert into audit_events (tenant_id, actor_type, action, entity_type) values (${a.tenantId}, 'system', 'sneaky', 'user')`,
    ];
    for (const insert of inserts) {
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await sql`select set_config('role', ${APP_ROLE}, true)`.execute(trx);
          await insert.execute(trx);
        }),
        (err: PgError) => err.code === '42501' && /row-level security/.test(err.message),
      );
    }
  });

  it('keeps 200 interleaved transactions over the pool each in its own tenant', async () => {
    const extra = [await signUpTenant(t), await signUpTenant(t)];
    const tenants = [a, b, ...extra].map((s) => s.tenantId);
    const runs = Array.from({ length: 200 }, async (_, i) => {
      const tenantId = tenants[i % tenants.length] as string;
      return withTenant(t.app.db, tenantId, async (trx) => {
        // Several round trips per transaction, so others interleave between them.
        const setting = await sql<{ tenant: string; role: string }>`select current_setting('app.tenant_id') as "tenant", current_user as "role"`.execute(trx);
        const users = await sql<{ tenant_id: string }>`select * from users`.execute(trx);
        const audit = await sql<{ tenant_id: string }>`select tenant_id from audit_events`.execute(trx);
        const again = await sql<{ tenant: string }>`select current_setting('app.tenant_id') as "tenant"`.execute(trx);
        return { tenantId, setting: setting.rows[0], again: again.rows[0]?.tenant, rows: [...users.rows, ...audit.rows].map((r) => r.tenant_id) };
      });
    });
    const results = await Promise.all(runs);
    for (const r of results) {
      assert.equal(r.setting?.tenant, r.tenantId);
      assert.equal(r.setting?.role, APP_ROLE);
      assert.equal(r.again, r.tenantId);
      assert.ok(r.rows.length > 0);
      assert.ok(r.rows.every((id) => id === r.tenantId), `a transaction of ${r.tenantId} saw another tenant's rows`);
    }
    // Nothing leaks onto the pooled connections once the transactions are over.
    const idle = await Promise.all(
      Array.from({ length: onRealPostgres ? 10 : 1 }, () =>
        sql<{ tenant: string | null; role: string }>`select current_setting('app.tenant_id', true) as "tenant", current_user as "role"`.execute(t.app.db.kysely),
      ),
    );
    for (const r of idle) {
      assert.ok(!r.rows[0]?.tenant, 'no tenant left set on a pooled connection');
      assert.notEqual(r.rows[0]?.role, APP_ROLE);
    }
  });

  it("rejects a row of tenant A that points at tenant B's row (composite foreign key)", async () => {
    const roleOfB = await withTenant(t.app.db, b.tenantId, async (trx) =>
      (await sql<{ id: string }>`select id from roles where tenant_id = ${b.tenantId} and builtin_key = 'admin'`.execute(trx)).rows[0]?.id,
    );
    assert.ok(roleOfB);
    await assert.rejects(
      withTenant(t.app.db, a.tenantId, (trx) =>
        sql`insert into users (tenant_id, email, name, role_id) values (${a.tenantId}, 'cross@collide.test', 'Cross', ${roleOfB})`.execute(trx),
      ),
      (err: PgError) => err.code === '23503',
    );
    // Even a connection that bypasses RLS cannot make the link: the key itself forbids it.
    await assert.rejects(
      asOwner((trx) => sql`insert into users (tenant_id, email, name, role_id) values (${a.tenantId}, 'cross@collide.test', 'Cross', ${roleOfB})`.execute(trx)),
      (err: PgError) => err.code === '23503',
    );
  });

  it('refuses to move a row to another tenant (tenant_id is immutable)', async () => {
    await assert.rejects(
      withTenant(t.app.db, a.tenantId, (trx) => sql`update roles set tenant_id = ${b.tenantId} where tenant_id = ${a.tenantId}`.execute(trx)),
      (err: PgError) => /tenant_id is immutable/.test(err.message),
    );
    // The trigger holds for the owner connection too, where RLS would not.
    await assert.rejects(
      asOwner((trx) => sql`update audit_events set tenant_id = ${b.tenantId} where tenant_id = ${a.tenantId}`.execute(trx)),
      (err: PgError) => /immutable|append-only/.test(err.message),
    );
    await assert.rejects(
      asOwner((trx) => sql`update tenant_settings set tenant_id = ${b.tenantId} where tenant_id = ${a.tenantId}`.execute(trx)),
      (err: PgError) => /tenant_id is immutable/.test(err.message),
    );
  });

  it('withTenant refuses anything but a uuid, before running any SQL', async () => {
    for (const bad of ['', 'not-a-uuid', `${a.tenantId}' or '1'='1`, `${a.tenantId} `]) {
      let ran = false;
      await assert.rejects(
        withTenant(t.app.db, bad, async () => {
          ran = true;
        }),
        /uuid/,
      );
      assert.equal(ran, false);
    }
  });
});
