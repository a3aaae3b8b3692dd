import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { addStaff, asStaff, createTestApp, sessionFor, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { withPlatform, withTenant } from '../../db/tenancy.ts';
import { hashPassword } from '../../lib/passwords.ts';

const form = (values: [string, string][]) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(values).toString(),
});

describe('API keys', () => {
  let t: TestApp;
  let owner: StaffSession;
  let other: StaffSession;

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Keys ISP' });
    other = await signUpTenant(t, { companyName: 'Other Keys ISP' });
  });
  after(async () => {
    await t.close();
  });

  async function createKey(staff: StaffSession, name: string, permissions: string[]): Promise<{ key: string; id: string }> {
    const res = await asStaff(t, staff, { method: 'POST', url: '/app/api-keys', ...form([['name', name], ...permissions.map((p): [string, string] => ['permissions', p])]) });
    assert.equal(res.statusCode, 201, res.body.slice(0, 300));
    const key = /<code>(lm_[0-9a-f]{32}_[A-Za-z0-9_-]+)<\/code>/.exec(res.body)?.[1];
    assert.ok(key, 'the new key is shown');
    const row = await withTenant(t.app.db, staff.tenantId, (trx) =>
      trx.selectFrom('api_keys').select('id').where('tenant_id', '=', staff.tenantId).where('name', '=', name).orderBy('created_at', 'desc').executeTakeFirstOrThrow(),
    );
    return { key, id: row.id };
  }
  const bearer = (key: string, url: string, method: 'GET' | 'POST' | 'PATCH' = 'GET') => t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` } });
  const keyRow = (tenantId: string, id: string) =>
    withPlatform(t.app.db, (trx) => trx.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirstOrThrow());

  it('creates a key shown once, stores only its hash and prefix, and audits it', async () => {
    const res = await asStaff(t, owner, { method: 'POST', url: '/app/api-keys', ...form([['name', 'RADIUS sync'], ['permissions', 'users.read']]) });
    assert.equal(res.statusCode, 201);
    assert.equal(res.headers['cache-control'], 'no-store');
    const key = /<code>(lm_[0-9a-f]{32}_([A-Za-z0-9_-]+))<\/code>/.exec(res.body);
    assert.ok(key?.[1] && key[2]);
    assert.ok(key[1].startsWith(`lm_${owner.tenantId.replaceAll('-', '')}_`));
    const row = await withTenant(t.app.db, owner.tenantId, (trx) => trx.selectFrom('api_keys').selectAll().where('tenant_id', '=', owner.tenantId).where('name', '=', 'RADIUS sync').executeTakeFirstOrThrow());
    assert.equal(row.key_hash, createHash('sha256').update(key[2]).digest('hex'));
    assert.equal(row.key_prefix, key[2].slice(0, 8));
    assert.deepEqual(row.permissions, ['users.read']);
    assert.equal(row.created_by, owner.userId);
    const list = await asStaff(t, owner, { method: 'GET', url: '/app/api-keys' });
    assert.equal(list.statusCode, 200);
    assert.ok(!list.body.includes(key[2]), 'the secret is never shown again');
    assert.match(list.body, new RegExp(`lm_…_${row.key_prefix}…`));
    const audit = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.selectFrom('audit_events').selectAll().where('tenant_id', '=', owner.tenantId).where('action', '=', 'api_key.created').where('entity_id', '=', row.id).executeTakeFirstOrThrow(),
    );
    assert.deepEqual(audit.after, { name: 'RADIUS sync', keyPrefix: row.key_prefix, permissions: ['users.read'] });
    assert.ok(!JSON.stringify(audit.after).includes(key[2]));
  });

  it('a users.read key works where allowed, gets 403 elsewhere, and records last use', async () => {
    const { key, id } = await createKey(owner, 'Reader', ['users.read']);
    assert.equal((await keyRow(owner.tenantId, id)).last_used_at, null);
    const me = await bearer(key, '/api/v1/me');
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().actor.type, 'api_key');
    assert.deepEqual(me.json().permissions, ['users.read']);
    assert.deepEqual((await keyRow(owner.tenantId, id)).last_used_at, t.clock.now());
    for (const url of ['/api/v1/audit-events', '/api/v1/settings', '/api/v1/api-keys']) {
      const res = await bearer(key, url);
      assert.equal(res.statusCode, 403, url);
      assert.equal(res.json().code, 'forbidden');
    }
  });

  it("a key is capped by its maker's current role and dies with the maker's account", async () => {
    const admin = await addStaff(t, owner, 'admin');
    const { key } = await createKey(admin, 'Admin integration', ['users.read', 'audit.read']);
    assert.deepEqual((await bearer(key, '/api/v1/me')).json().permissions, ['audit.read', 'users.read']);

    const supportRole = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.selectFrom('roles').select('id').where('tenant_id', '=', owner.tenantId).where('builtin_key', '=', 'support').executeTakeFirstOrThrow(),
    );
    const demoted = await asStaff(t, owner, { method: 'PATCH', url: `/api/v1/users/${admin.userId}`, payload: { roleId: supportRole.id } });
    assert.equal(demoted.statusCode, 200, demoted.body);
    assert.deepEqual((await bearer(key, '/api/v1/me')).json().permissions, ['users.read'], 'support has no audit.read');
    assert.equal((await bearer(key, '/api/v1/audit-events')).statusCode, 403);

    const deactivated = await asStaff(t, owner, { method: 'POST', url: `/api/v1/users/${admin.userId}/deactivate` });
    assert.equal(deactivated.statusCode, 200, deactivated.body);
    const refused = await bearer(key, '/api/v1/me');
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json().code, 'api_key_maker_inactive');
  });

  it('a revoked key gets 401 on its next request; revocation is audited', async () => {
    const { key, id } = await createKey(owner, 'Short-lived', ['users.read']);
    assert.equal((await bearer(key, '/api/v1/me')).statusCode, 200);
    const res = await asStaff(t, owner, { method: 'POST', url: `/app/api-keys/${id}/revoke`, ...form([]) });
    assert.equal(res.statusCode, 303);
    const next = await bearer(key, '/api/v1/me');
    assert.equal(next.statusCode, 401);
    assert.equal(next.json().code, 'unauthenticated');
    assert.ok((await keyRow(owner.tenantId, id)).revoked_at);
    const entries = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.selectFrom('audit_events').selectAll().where('tenant_id', '=', owner.tenantId).where('action', '=', 'api_key.revoked').where('entity_id', '=', id).execute(),
    );
    assert.equal(entries.length, 1);
    assert.deepEqual(entries[0]!.before, { name: 'Short-lived', revokedAt: null });
    const page = await asStaff(t, owner, { method: 'GET', url: '/app/api-keys' });
    assert.ok(!page.body.includes(`/app/api-keys/${id}/revoke`), 'no revoke button for a revoked key');
  });

  it('a key of a suspended company gets 403 tenant_suspended', async () => {
    const company = await signUpTenant(t, { companyName: 'Soon Suspended' });
    const { key } = await createKey(company, 'Billing export', ['users.read']);
    await withPlatform(t.app.db, (trx) => trx.updateTable('tenants').set({ status: 'suspended', suspended_at: t.clock.now(), suspended_reason: 'unpaid' }).where('id', '=', company.tenantId).execute());
    const res = await bearer(key, '/api/v1/me');
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'tenant_suspended');
  });

  it('a creator may grant only permissions they hold; bad input is 422 and creates nothing', async () => {
    const role = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.insertInto('roles').values({ tenant_id: owner.tenantId, name: 'Integrator', builtin_key: null, permissions: ['api_keys.manage', 'users.read'] }).returning('id').executeTakeFirstOrThrow(),
    );
    const userId = await withTenant(t.app.db, owner.tenantId, async (trx) => {
      const user = await trx
        .insertInto('users')
        .values({ tenant_id: owner.tenantId, email: 'integrator@keys.test', name: 'Ina Integrator', password_hash: await hashPassword('correct horse battery'), role_id: role.id, status: 'active', locked_until: null, last_sign_in_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return user.id;
    });
    const integrator = await sessionFor(t, owner.tenantId, owner.tenantSlug, userId, 'integrator@keys.test');
    const page = await asStaff(t, integrator, { method: 'GET', url: '/app/api-keys' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /value="users.read"/);
    assert.doesNotMatch(page.body, /value="audit.read"/, 'only held permissions are offered');

    const count = async () => (await withTenant(t.app.db, owner.tenantId, (trx) => trx.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', owner.tenantId).executeTakeFirstOrThrow())).n;
    const before = await count();
    const escalate = await asStaff(t, integrator, { method: 'POST', url: '/app/api-keys', ...form([['name', 'Sneaky'], ['permissions', 'users.read'], ['permissions', 'audit.read']]) });
    assert.equal(escalate.statusCode, 422);
    assert.match(escalate.body, /you do not hold it/);
    const unknown = await asStaff(t, owner, { method: 'POST', url: '/app/api-keys', ...form([['name', 'X'], ['permissions', 'money.print']]) });
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /is not a permission/);
    const empty = await asStaff(t, owner, { method: 'POST', url: '/app/api-keys', ...form([['name', ' ']]) });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /Name is required/);
    assert.match(empty.body, /Choose at least one permission/);
    assert.equal(await count(), before);
  });

  it('API: list with cursor pagination, get, revoke; never exposes the hash', async () => {
    const a = await createKey(other, 'One', ['users.read']);
    const b = await createKey(other, 'Two', ['settings.read']);
    t.clock.advance(1000);
    const c = await createKey(other, 'Three', ['audit.read', 'settings.read']);
    const first = await asStaff(t, other, { method: 'GET', url: '/api/v1/api-keys?limit=2' });
    assert.equal(first.statusCode, 200);
    assert.equal(first.json().items[0].id, c.id);
    assert.ok(first.json().nextCursor);
    const second = await asStaff(t, other, { method: 'GET', url: `/api/v1/api-keys?limit=2&cursor=${first.json().nextCursor}` });
    const ids = [...first.json().items, ...second.json().items].map((k: { id: string }) => k.id);
    assert.deepEqual(new Set(ids), new Set([a.id, b.id, c.id]));
    assert.equal(ids.length, 3);
    assert.equal(second.json().nextCursor, null);
    assert.doesNotMatch(first.body + second.body, /key_hash|keyHash/);

    const one = await asStaff(t, other, { method: 'GET', url: `/api/v1/api-keys/${c.id}` });
    assert.equal(one.statusCode, 200);
    assert.deepEqual(one.json().permissions, ['audit.read', 'settings.read']);
    assert.equal(one.json().createdBy.id, other.userId);

    const revoked = await asStaff(t, other, { method: 'POST', url: `/api/v1/api-keys/${c.id}/revoke` });
    assert.equal(revoked.statusCode, 200);
    assert.ok(revoked.json().revokedAt);
    assert.equal((await bearer(c.key, '/api/v1/me')).statusCode, 401);
    const again = await asStaff(t, other, { method: 'POST', url: `/api/v1/api-keys/${c.id}/revoke` });
    assert.equal(again.json().revokedAt, revoked.json().revokedAt, 'revoking twice changes nothing');

    // Keys are made by people on the page only: the API has no creation endpoint, even for a key that manages keys.
    const manager = await createKey(other, 'Key manager', ['api_keys.manage']);
    assert.equal((await bearer(manager.key, '/api/v1/api-keys')).statusCode, 200);
    const create = await asStaff(t, other, { method: 'POST', url: '/api/v1/api-keys', payload: { name: 'x' } });
    assert.equal(create.statusCode, 404);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    assert.ok(doc.paths['/api/v1/api-keys'].get);
    assert.equal(doc.paths['/api/v1/api-keys'].post, undefined);
    assert.match(doc.paths['/api/v1/api-keys'].get.description, /page/);
  });

  it("another company's key id is 404 everywhere and stays unrevoked", async () => {
    const theirs = await createKey(other, 'Theirs', ['users.read']);
    assert.equal((await asStaff(t, owner, { method: 'GET', url: `/api/v1/api-keys/${theirs.id}` })).statusCode, 404);
    assert.equal((await asStaff(t, owner, { method: 'POST', url: `/api/v1/api-keys/${theirs.id}/revoke` })).statusCode, 404);
    const page = await asStaff(t, owner, { method: 'POST', url: `/app/api-keys/${theirs.id}/revoke`, payload: '', headers: { ...form([]).headers, accept: 'text/html' } });
    assert.equal(page.statusCode, 404);
    assert.equal((await keyRow(other.tenantId, theirs.id)).revoked_at, null);
    assert.equal((await bearer(theirs.key, '/api/v1/me')).statusCode, 200);
    const list = await asStaff(t, owner, { method: 'GET', url: '/api/v1/api-keys?limit=200' });
    assert.ok(!list.json().items.some((k: { id: string }) => k.id === theirs.id));
    assert.equal((await asStaff(t, owner, { method: 'GET', url: '/api/v1/api-keys/not-a-uuid' })).statusCode, 422);
  });

  it('requires sign-in and api_keys.manage', async () => {
    const { id } = await createKey(owner, 'Guarded', ['users.read']);
    for (const [method, url] of [
      ['GET', '/api/v1/api-keys'],
      ['GET', `/api/v1/api-keys/${id}`],
      ['POST', `/api/v1/api-keys/${id}/revoke`],
    ] as const) {
      const res = await t.app.inject({ method, url });
      assert.equal(res.statusCode, 401, `${method} ${url}`);
      assert.match(res.headers['content-type'] as string, /problem\+json/);
    }
    const anon = await t.app.inject({ method: 'GET', url: '/app/api-keys' });
    assert.equal(anon.statusCode, 302);
    const billing = await addStaff(t, owner, 'billing');
    assert.equal((await asStaff(t, billing, { method: 'GET', url: '/app/api-keys', headers: { accept: 'text/html' } })).statusCode, 403);
    assert.equal((await asStaff(t, billing, { method: 'POST', url: `/api/v1/api-keys/${id}/revoke` })).statusCode, 403);
    assert.equal((await asStaff(t, billing, { method: 'POST', url: `/app/api-keys/${id}/revoke`, ...form([]) })).statusCode, 403);
    assert.equal((await keyRow(owner.tenantId, id)).revoked_at, null);
    const home = await asStaff(t, billing, { method: 'GET', url: '/app' });
    assert.doesNotMatch(home.body, /href="\/app\/api-keys"/);
  });
});
