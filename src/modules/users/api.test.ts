import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { withPlatform, withTenant } from '../../db/tenancy.ts';
import { builtinRole } from '../roles/permissions.ts';
import { formatApiKey, hashSecret, newSecret } from '../../lib/tokens.ts';

/** An API key row made directly, so these tests do not depend on the API keys module. */
async function apiKey(t: TestApp, tenantId: string, permissions: string[]): Promise<string> {
  const secret = newSecret();
  await withTenant(t.app.db, tenantId, (trx) =>
    trx.insertInto('api_keys').values({ tenant_id: tenantId, name: 'test', key_prefix: secret.slice(0, 6), key_hash: hashSecret(secret), permissions, created_by: null, last_used_at: null, revoked_at: null }).execute(),
  );
  return formatApiKey(tenantId, secret);
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function roleId(t: TestApp, tenantId: string, key: 'support' | 'admin' | 'read_only'): Promise<string> {
  return withTenant(t.app.db, tenantId, async (trx) => (await trx.selectFrom('roles').select('id').where('tenant_id', '=', tenantId).where('builtin_key', '=', key).executeTakeFirstOrThrow()).id);
}

describe('users and roles API', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;
  let aReadKey: string;
  let aManageKey: string;
  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Alpha Net' });
    b = await signUpTenant(t, { companyName: 'Beta Net' });
    aReadKey = await apiKey(t, a.tenantId, ['users.read']);
    // It hands out the Support role, so it must hold every permission that role grants.
    aManageKey = await apiKey(t, a.tenantId, [...new Set(['users.read', 'users.manage', 'roles.manage', ...builtinRole('support').permissions])]);
  });
  after(async () => {
    await t.close();
  });

  it('pages through staff with limit and cursor, never repeating or skipping, and hides hashes', async () => {
    for (let i = 0; i < 7; i++) await addStaff(t, a, 'support', `page${i}@alpha.test`);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/users?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.app.inject({ method: 'GET', url, headers: bearer(aReadKey) });
      assert.equal(res.statusCode, 200);
      const body = res.json() as { items: { id: string; email: string }[]; nextCursor: string | null };
      assert.ok(body.items.length <= 3);
      seen.push(...body.items.map((u) => u.id));
      assert.doesNotMatch(res.body, /password|hash|\$argon2/i);
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    assert.equal(seen.length, 8);
    assert.equal(new Set(seen).size, 8);
    assert.equal(pages, 3);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/users?cursor=nope', headers: bearer(aReadKey) });
    assert.equal(bad.statusCode, 400);
    // Well-formed JSON whose values PostgreSQL would refuse: still a 400, never a 500.
    for (const key of [['1', '00000000-0000-4000-8000-000000000000'], ['2026-11-27T03:00:00.000000Z', '------------------------------------'], ['2026-02-30T03:00:00.000000Z', '00000000-0000-4000-8000-000000000000']]) {
      const forged = Buffer.from(JSON.stringify(key)).toString('base64url');
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/users?cursor=${forged}`, headers: bearer(aReadKey) });
      assert.equal(res.statusCode, 400, key.join(' '));
      assert.equal(res.json().code, 'invalid_cursor');
    }
  });

  it('filters by status and q', async () => {
    const support = await roleId(t, a.tenantId, 'support');
    const invited = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(aManageKey), payload: { name: 'Quinn Invitee', email: 'quinn@alpha.test', roleId: support } });
    assert.equal(invited.statusCode, 201, invited.body);
    assert.equal(invited.json().status, 'invited');
    const onlyInvited = (await t.app.inject({ method: 'GET', url: '/api/v1/users?status=invited', headers: bearer(aReadKey) })).json();
    assert.deepEqual(
      onlyInvited.items.map((u: { email: string }) => u.email),
      ['quinn@alpha.test'],
    );
    const byName = (await t.app.inject({ method: 'GET', url: '/api/v1/users?q=quinn', headers: bearer(aReadKey) })).json();
    assert.equal(byName.items.length, 1);
    const badStatus = await t.app.inject({ method: 'GET', url: '/api/v1/users?status=gone', headers: bearer(aReadKey) });
    assert.equal(badStatus.statusCode, 422);
  });

  it('a key with users.read only cannot invite; a manage key can, and it is audited', async () => {
    const support = await roleId(t, a.tenantId, 'support');
    const denied = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(aReadKey), payload: { name: 'X', email: 'x@alpha.test', roleId: support } });
    assert.equal(denied.statusCode, 403);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(aManageKey), payload: { name: 'Key Made', email: 'keymade@alpha.test', roleId: support } });
    assert.equal(ok.statusCode, 201);
    const audit = await withPlatform(t.app.db, (trx) =>
      trx.selectFrom('audit_events').selectAll().where('tenant_id', '=', a.tenantId).where('entity_id', '=', ok.json().id).where('action', '=', 'user.invited').executeTakeFirstOrThrow(),
    );
    assert.equal(audit.actor_type, 'api_key');
    // An API key holds no owner rights, so it cannot hand out Admin.
    const admin = await roleId(t, a.tenantId, 'admin');
    const promote = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${ok.json().id}`, headers: bearer(aManageKey), payload: { roleId: admin } });
    assert.equal(promote.statusCode, 403);
    // Nor a role carrying a permission the key does not hold (read-only has settings.read).
    const readOnly = await roleId(t, a.tenantId, 'read_only');
    const change = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${ok.json().id}`, headers: bearer(aManageKey), payload: { roleId: readOnly } });
    assert.equal(change.statusCode, 403);
    assert.match(change.json().detail, /settings\.read/);
    const deactivate = await t.app.inject({ method: 'POST', url: `/api/v1/users/${ok.json().id}/deactivate`, headers: bearer(aManageKey) });
    assert.equal(deactivate.statusCode, 200);
    assert.equal(deactivate.json().status, 'deactivated');
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/users/${ok.json().id}`, headers: bearer(aReadKey) });
    assert.equal(got.json().status, 'deactivated');
  });

  it('deactivating or reactivating a colleague needs the permissions their role holds', async () => {
    const superRole = await asStaff(t, a, { method: 'POST', url: '/api/v1/roles', payload: { name: 'Super', permissions: ['users.read', 'users.manage', 'roles.manage', 'settings.manage'] } });
    assert.equal(superRole.statusCode, 201);
    const invited = await asStaff(t, a, { method: 'POST', url: '/api/v1/users', payload: { name: 'Sue Per', email: 'super@alpha.test', roleId: superRole.json().id } });
    assert.equal(invited.statusCode, 201, invited.body);
    const id = invited.json().id as string;
    // A key with users.manage but not the Super role's other permissions can neither take
    // access away from that colleague nor give it back; only someone holding them can.
    const off = await t.app.inject({ method: 'POST', url: `/api/v1/users/${id}/deactivate`, headers: bearer(aManageKey) });
    assert.equal(off.statusCode, 403);
    assert.equal(off.json().code, 'user_outranks_you');
    const offByOwner = await asStaff(t, a, { method: 'POST', url: `/api/v1/users/${id}/deactivate` });
    assert.equal(offByOwner.statusCode, 200);
    const on = await t.app.inject({ method: 'POST', url: `/api/v1/users/${id}/reactivate`, headers: bearer(aManageKey) });
    assert.equal(on.statusCode, 403);
    assert.equal(on.json().code, 'user_outranks_you');
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/users/${id}`, headers: bearer(aReadKey) })).json().status, 'deactivated');
    const byOwner = await asStaff(t, a, { method: 'POST', url: `/api/v1/users/${id}/reactivate` });
    assert.equal(byOwner.statusCode, 200);
    assert.equal(byOwner.json().status, 'invited');
  });

  it('every route answers 401 without credentials', async () => {
    const id = a.userId;
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/v1/users'],
      ['GET', `/api/v1/users/${id}`],
      ['POST', '/api/v1/users', { name: 'n', email: 'n@x.test', roleId: id }],
      ['PATCH', `/api/v1/users/${id}`, { roleId: id }],
      ['POST', `/api/v1/users/${id}/deactivate`],
      ['POST', `/api/v1/users/${id}/reactivate`],
      ['GET', '/api/v1/roles'],
      ['GET', `/api/v1/roles/${id}`],
      ['POST', '/api/v1/roles', { name: 'r', permissions: [] }],
      ['PATCH', `/api/v1/roles/${id}`, { name: 'r' }],
      ['DELETE', `/api/v1/roles/${id}`],
    ];
    for (const [method, url, payload] of routes) {
      const res = await t.app.inject({ method: method as 'GET', url, ...(payload ? { payload: payload as object } : {}) });
      assert.equal(res.statusCode, 401, `${method} ${url}`);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    }
  });

  it("another tenant's user or role id is 404 and changes nothing", async () => {
    const bStaff = await addStaff(t, b, 'support');
    const bRoles = await withTenant(t.app.db, b.tenantId, (trx) => trx.selectFrom('roles').select(['id', 'builtin_key']).where('tenant_id', '=', b.tenantId).execute());
    const bCustom = await asStaff(t, b, { method: 'POST', url: '/api/v1/roles', payload: { name: 'B only', permissions: ['users.read'] } });
    assert.equal(bCustom.statusCode, 201);
    const bRole = bCustom.json().id as string;
    const aSupport = await roleId(t, a.tenantId, 'support');
    const bSupport = bRoles.find((r) => r.builtin_key === 'support')?.id ?? '';

    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/v1/users/${bStaff.userId}`],
      ['PATCH', `/api/v1/users/${bStaff.userId}`, { roleId: aSupport }],
      ['POST', `/api/v1/users/${bStaff.userId}/deactivate`],
      ['POST', `/api/v1/users/${bStaff.userId}/reactivate`],
      ['GET', `/api/v1/roles/${bRole}`],
      ['PATCH', `/api/v1/roles/${bRole}`, { name: 'Hijacked', permissions: ['users.manage'] }],
      ['DELETE', `/api/v1/roles/${bRole}`],
    ];
    for (const [method, url, payload] of attempts) {
      const res = await asStaff(t, a, { method: method as 'GET', url, ...(payload ? { payload: payload as object } : {}) });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
    }
    // B's role id used as a value inside A is unknown, not a way in.
    const aUser = await addStaff(t, a, 'support');
    const crossRole = await asStaff(t, a, { method: 'PATCH', url: `/api/v1/users/${aUser.userId}`, payload: { roleId: bSupport } });
    assert.equal(crossRole.statusCode, 422);
    const crossInvite = await asStaff(t, a, { method: 'POST', url: '/api/v1/users', payload: { name: 'Cross', email: 'cross@alpha.test', roleId: bRole } });
    assert.equal(crossInvite.statusCode, 422);

    const staffRow = await withPlatform(t.app.db, (trx) => trx.selectFrom('users').selectAll().where('id', '=', bStaff.userId).executeTakeFirstOrThrow());
    assert.equal(staffRow.status, 'active');
    assert.equal(staffRow.role_id, bSupport);
    const roleRow = await withPlatform(t.app.db, (trx) => trx.selectFrom('roles').selectAll().where('id', '=', bRole).executeTakeFirstOrThrow());
    assert.equal(roleRow.name, 'B only');
    assert.deepEqual(roleRow.permissions, ['users.read']);
    assert.equal((await asStaff(t, b, { method: 'GET', url: `/api/v1/users/${bStaff.userId}` })).statusCode, 200);

    // The team pages answer the same way.
    const page = await asStaff(t, a, {
      method: 'POST',
      url: `/app/team/${bStaff.userId}/deactivate`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: `_csrf=${a.csrf}`,
    });
    assert.equal(page.statusCode, 404);
    const edit = await asStaff(t, a, { method: 'GET', url: `/app/roles/${bRole}/edit`, headers: { accept: 'text/html' } });
    assert.equal(edit.statusCode, 404);
    const junk = await asStaff(t, a, { method: 'GET', url: '/app/roles/not-a-uuid/edit', headers: { accept: 'text/html' } });
    assert.equal(junk.statusCode, 404);
  });

  it('lists the OpenAPI operations with tags', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    assert.deepEqual(doc.paths['/api/v1/users'].get.tags, ['users']);
    assert.deepEqual(doc.paths['/api/v1/roles/{id}'].delete.tags, ['roles']);
  });
});
