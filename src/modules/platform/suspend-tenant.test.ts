import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { withPlatform, withTenant } from '../../db/tenancy.ts';
import { formatApiKey, hashSecret, newSecret } from '../../lib/tokens.ts';
import { asOperator, cookiesOf, csrfFrom, signedInOperator, type OperatorSession } from './platform-test-helpers.ts';

const STAFF_PASSWORD = 'correct horse battery';

/** An API key of the tenant, written the way the API keys module stores it (hash only). */
async function addApiKey(t: TestApp, tenantId: string): Promise<string> {
  const secret = newSecret();
  await withTenant(t.app.db, tenantId, (trx) =>
    trx
      .insertInto('api_keys')
      .values({ tenant_id: tenantId, name: 'Billing sync', key_prefix: secret.slice(0, 6), key_hash: hashSecret(secret), permissions: ['users.read'], created_by: null, last_used_at: null, revoked_at: null })
      .execute(),
  );
  return formatApiKey(tenantId, secret);
}

async function staffSignIn(t: TestApp, email: string) {
  const form = await t.app.inject({ method: 'GET', url: '/login' });
  return t.app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: cookiesOf(form), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: new URLSearchParams({ _csrf: csrfFrom(form.body), email, password: STAFF_PASSWORD }).toString(),
  });
}

function apiMe(t: TestApp, key: string) {
  return t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${key}` } });
}

async function tenantRow(t: TestApp, id: string) {
  return withPlatform(t.app.db, (trx) => trx.selectFrom('tenants').select(['status', 'suspended_reason', 'suspended_at']).where('id', '=', id).executeTakeFirstOrThrow());
}

async function tenantAudit(t: TestApp, tenantId: string) {
  return withTenant(t.app.db, tenantId, (trx) =>
    trx
      .selectFrom('audit_events')
      .select(['action', 'actor_type', 'actor_id', 'actor_label', 'after'])
      .where('tenant_id', '=', tenantId)
      .where('actor_type', '=', 'platform')
      .orderBy('occurred_at')
      .execute(),
  );
}

describe('suspending and reactivating a tenant', () => {
  let t: TestApp;
  let op: OperatorSession;
  let owner: StaffSession;
  let other: StaffSession;
  let apiKey: string;
  let otherKey: string;

  before(async () => {
    t = await createTestApp();
    op = await signedInOperator(t);
    owner = await signUpTenant(t, { companyName: 'Suspend Me ISP' });
    other = await signUpTenant(t, { companyName: 'Bystander ISP' });
    apiKey = await addApiKey(t, owner.tenantId);
    otherKey = await addApiKey(t, other.tenantId);
  });
  after(async () => {
    await t.close();
  });

  it('works for the tenant before any suspension', async () => {
    assert.equal((await apiMe(t, apiKey)).statusCode, 200);
    assert.equal((await asStaff(t, owner, { method: 'GET', url: '/app' })).statusCode, 200);
  });

  it('requires a reason, re-rendering the console with the message and changing nothing', async () => {
    const res = await asOperator(t, op, { url: `/platform/tenants/${owner.tenantId}/suspend`, form: { reason: '   ' } });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Give a reason for the suspension/);
    assert.match(res.body, new RegExp(`id="reason-${owner.tenantId}-error"`));
    assert.equal((await tenantRow(t, owner.tenantId)).status, 'active');
    assert.equal((await tenantAudit(t, owner.tenantId)).length, 0);
  });

  it('refuses the form without the CSRF token', async () => {
    const res = await asOperator(t, op, { url: `/platform/tenants/${owner.tenantId}/suspend`, form: { _csrf: '', reason: 'Unpaid invoices' } });
    assert.equal(res.statusCode, 403);
    const wrong = await asOperator(t, op, { url: `/platform/tenants/${owner.tenantId}/suspend`, form: { _csrf: owner.csrf, reason: 'Unpaid invoices' } });
    assert.equal(wrong.statusCode, 403);
    assert.equal((await tenantRow(t, owner.tenantId)).status, 'active');
  });

  it('answers 404 for a tenant that does not exist', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await asOperator(t, op, { url: `/platform/tenants/${id}/suspend`, form: { reason: 'x' } });
      assert.equal(res.statusCode, 404, id);
    }
  });

  it('suspends: sign-in, open sessions and API keys are refused with a clear message; others are untouched', async () => {
    const res = await asOperator(t, op, { url: `/platform/tenants/${owner.tenantId}/suspend`, form: { reason: 'Unpaid platform invoices since October' } });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/platform?notice=suspended');
    const row = await tenantRow(t, owner.tenantId);
    assert.equal(row.status, 'suspended');
    assert.equal(row.suspended_reason, 'Unpaid platform invoices since October');
    assert.deepEqual(row.suspended_at, t.clock.now());

    const signIn = await staffSignIn(t, owner.email);
    assert.equal(signIn.statusCode, 403);
    assert.match(signIn.body, /This company’s account is suspended. Contact the Lastmile operator to restore access./);
    assert.ok(!(signIn.headers['set-cookie'] ?? []).toString().includes('lm_session='), 'no session cookie');

    const page = await asStaff(t, owner, { method: 'GET', url: '/app', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 403);
    assert.match(page.body, /account is suspended/);
    const sessionApi = await asStaff(t, owner, { method: 'GET', url: '/api/v1/me' });
    assert.equal(sessionApi.statusCode, 403);
    assert.equal(sessionApi.json().code, 'tenant_suspended');

    const keyed = await apiMe(t, apiKey);
    assert.equal(keyed.statusCode, 403);
    assert.match(String(keyed.headers['content-type']), /application\/problem\+json/);
    assert.equal(keyed.json().code, 'tenant_suspended');
    assert.match(keyed.json().detail, /suspended/);

    assert.equal((await apiMe(t, otherKey)).statusCode, 200);
    assert.equal((await asStaff(t, other, { method: 'GET', url: '/app' })).statusCode, 200);
    assert.equal((await tenantRow(t, other.tenantId)).status, 'active');
  });

  it('records the suspension in the platform audit log and in the tenant’s own audit log', async () => {
    const platform = await withPlatform(t.app.db, (trx) =>
      trx.selectFrom('platform_audit_events').select(['admin_id', 'details']).where('action', '=', 'tenant.suspended').where('target_tenant_id', '=', owner.tenantId).execute(),
    );
    assert.deepEqual(platform, [{ admin_id: op.adminId, details: { reason: 'Unpaid platform invoices since October' } }]);
    const own = await tenantAudit(t, owner.tenantId);
    assert.deepEqual(own, [
      {
        action: 'tenant.suspended',
        actor_type: 'platform',
        actor_id: op.adminId,
        actor_label: 'Lastmile operator',
        after: { status: 'suspended', reason: 'Unpaid platform invoices since October' },
      },
    ]);
    assert.equal((await tenantAudit(t, other.tenantId)).length, 0);

    const console = await asOperator(t, op, { method: 'GET', url: '/platform?notice=suspended' });
    assert.match(console.body, /Tenant suspended/);
    assert.match(console.body, /Reason: Unpaid platform invoices since October/);
    assert.match(console.body, new RegExp(`action="/platform/tenants/${owner.tenantId}/reactivate"`));
  });

  it('refuses to suspend twice', async () => {
    const res = await asOperator(t, op, { url: `/platform/tenants/${owner.tenantId}/suspend`, form: { reason: 'again' } });
    assert.equal(res.statusCode, 409);
  });

  it('reactivates: staff sign in again, the old session and the API key work, and both logs say so', async () => {
    t.clock.advance(60_000);
    const res = await asOperator(t, op, { url: `/platform/tenants/${owner.tenantId}/reactivate`, form: {} });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/platform?notice=reactivated');
    assert.deepEqual(await tenantRow(t, owner.tenantId), { status: 'active', suspended_reason: null, suspended_at: null });

    const signIn = await staffSignIn(t, owner.email);
    assert.equal(signIn.statusCode, 303);
    assert.match(cookiesOf(signIn), /lm_session=/);
    assert.equal((await asStaff(t, owner, { method: 'GET', url: '/app' })).statusCode, 200);
    assert.equal((await apiMe(t, apiKey)).statusCode, 200);

    const own = await tenantAudit(t, owner.tenantId);
    assert.deepEqual(own.map((e) => e.action), ['tenant.suspended', 'tenant.reactivated']);
    const platform = await withPlatform(t.app.db, (trx) =>
      trx.selectFrom('platform_audit_events').select('admin_id').where('action', '=', 'tenant.reactivated').where('target_tenant_id', '=', owner.tenantId).execute(),
    );
    assert.deepEqual(platform, [{ admin_id: op.adminId }]);

    const twice = await asOperator(t, op, { url: `/platform/tenants/${owner.tenantId}/reactivate`, form: {} });
    assert.equal(twice.statusCode, 409);
  });

  it('keeps the platform audit log append-only', async () => {
    await assert.rejects(withPlatform(t.app.db, (trx) => trx.updateTable('platform_audit_events').set({ action: 'edited' }).execute()));
    await assert.rejects(withPlatform(t.app.db, (trx) => trx.deleteFrom('platform_audit_events').execute()));
    // Even the owner connection (migrations) is stopped by the trigger.
    await assert.rejects(t.app.db.pool.query(`UPDATE platform_audit_events SET action = 'edited'`), /append-only/);
    await assert.rejects(withTenant(t.app.db, owner.tenantId, (trx) => trx.selectFrom('platform_audit_events').select('id').execute()));
  });
});
