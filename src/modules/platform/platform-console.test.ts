import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, createTestApp, signUpTenant, type TestApp } from '../../../test/helpers/app.ts';
import { withPlatform, withTenant } from '../../db/tenancy.ts';
import { asOperator, signedInOperator, type OperatorSession } from './platform-test-helpers.ts';

/** The <tr> of one tenant on the console page. */
function rowOf(html: string, tenantId: string): string {
  const start = html.indexOf(`data-tenant-id="${tenantId}"`);
  assert.ok(start !== -1, `row for ${tenantId}`);
  return html.slice(start, html.indexOf('</tr>', start));
}

function cell(row: string, testId: string): string | undefined {
  return new RegExp(`data-testid="${testId}">([^<]*)<`).exec(row)?.[1];
}

describe('platform console', () => {
  let t: TestApp;
  let op: OperatorSession;
  before(async () => {
    t = await createTestApp();
    op = await signedInOperator(t);
  });
  after(async () => {
    await t.close();
  });

  it('lists tenants newest first with status, created date, staff and row counts, and no personal data', async () => {
    const older = await signUpTenant(t, { companyName: 'Older Fiber', ownerName: 'Maria Older', email: 'maria@older.ph' });
    t.clock.advance(60_000);
    const newer = await signUpTenant(t, { companyName: 'Newer Wireless', ownerName: 'Jose Newer', email: 'jose@newer.ph' });
    await addStaff(t, older, 'billing', 'clerk@older.ph');
    const gone = await addStaff(t, older, 'support', 'gone@older.ph');
    await withTenant(t.app.db, older.tenantId, (trx) =>
      trx.updateTable('users').set({ status: 'deactivated' }).where('tenant_id', '=', older.tenantId).where('id', '=', gone.userId).execute(),
    );

    const res = await asOperator(t, op, { method: 'GET', url: '/platform' });
    assert.equal(res.statusCode, 200);
    const html = res.body;
    assert.ok(html.indexOf(newer.tenantId) < html.indexOf(older.tenantId), 'newest first');

    const row = rowOf(html, older.tenantId);
    assert.equal(cell(row, 'tenant-name'), 'Older Fiber');
    assert.match(row, />older-fiber</);
    assert.equal(cell(row, 'tenant-status'), 'Active');
    assert.match(row, /<td>2026-11-27<\/td>/);
    assert.equal(cell(row, 'staff-count'), '2', 'owner and clerk; the deactivated user is not staff');
    assert.equal(cell(row, 'rows-users'), '3');
    assert.equal(cell(row, 'rows-roles'), '6');
    assert.equal(cell(row, 'rows-tenant_settings'), '1');
    const sessions = Number(cell(row, 'rows-sessions'));
    const audit = Number(cell(row, 'rows-audit_events'));
    assert.ok(sessions >= 3 && audit >= 1);
    assert.equal(Number(cell(row, 'total-rows')), 3 + 6 + 1 + sessions + audit);
    assert.equal(cell(rowOf(html, newer.tenantId), 'staff-count'), '1');

    for (const personal of ['maria@older.ph', 'jose@newer.ph', 'clerk@older.ph', 'gone@older.ph', 'Maria Older', 'Jose Newer']) {
      assert.ok(!html.includes(personal), `console must not show ${personal}`);
    }
  });

  it('counts rows of tenant tables found in the catalog, including ones added later', async () => {
    const tenant = await signUpTenant(t, { companyName: 'Catalog ISP' });
    // A table a later capability might add: found because it has a tenant_id column.
    await t.app.db.pool.query(`CREATE TABLE console_test_widgets (tenant_id uuid NOT NULL REFERENCES tenants (id), id uuid NOT NULL DEFAULT gen_random_uuid(), PRIMARY KEY (tenant_id, id))`);
    await t.app.db.pool.query(`SELECT lastmile_secure_tenant_table('console_test_widgets')`);
    await t.app.db.pool.query(`INSERT INTO console_test_widgets (tenant_id) SELECT $1 FROM generate_series(1, 4)`, [tenant.tenantId]);
    // And one whose migration forgot the platform grant: reported, not a crash.
    await t.app.db.pool.query(`CREATE TABLE console_test_hidden (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id))`);
    try {
      const res = await asOperator(t, op, { method: 'GET', url: '/platform' });
      assert.equal(res.statusCode, 200);
      assert.equal(cell(rowOf(res.body, tenant.tenantId), 'rows-console_test_widgets'), '4');
      assert.match(res.body, /Not counted \(the platform role cannot read them\): console_test_hidden/);
    } finally {
      await t.app.db.pool.query('DROP TABLE console_test_widgets, console_test_hidden');
    }
  });

  it('shows recent platform activity', async () => {
    const res = await asOperator(t, op, { method: 'GET', url: '/platform' });
    assert.match(res.body, /data-testid="platform-audit"/);
    assert.match(res.body, new RegExp(`${op.email.replace('.', '\\.')}`));
    assert.match(res.body, /platform\.signed_in/);
  });

  it('pages through more than 100 tenants without skipping or repeating one', async () => {
    // Bare tenant rows are enough for the list; created in one instant to exercise the id tiebreak.
    await withPlatform(t.app.db, (trx) =>
      trx
        .insertInto('tenants')
        .values(Array.from({ length: 105 }, (_, i) => ({ slug: `bulk-${i}`, name: `Bulk ${i}`, suspended_reason: null, suspended_at: null, created_at: '2026-01-01T00:00:00Z' })))
        .execute(),
    );
    const total = await withPlatform(t.app.db, (trx) => trx.selectFrom('tenants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow());

    const seen: string[] = [];
    let url: string | undefined = '/platform';
    let pages = 0;
    while (url) {
      const res = await asOperator(t, op, { method: 'GET', url });
      assert.equal(res.statusCode, 200);
      const ids = [...res.body.matchAll(/data-tenant-id="([^"]+)"/g)].map((m) => m[1] ?? '');
      assert.ok(ids.length <= 100);
      seen.push(...ids);
      pages += 1;
      const next = /href="(\/platform\?cursor=[^"]+)">Next page</.exec(res.body)?.[1];
      url = next?.replaceAll('&amp;', '&');
    }
    assert.equal(pages, 2);
    assert.equal(seen.length, Number(total.n));
    assert.equal(new Set(seen).size, seen.length);
  });

  it('answers 400 for a cursor it did not issue', async () => {
    const res = await asOperator(t, op, { method: 'GET', url: '/platform?cursor=bm9wZQ' });
    assert.equal(res.statusCode, 400);
  });
});
