import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { withPlatform, withTenant } from '../../db/tenancy.ts';

function formPost(t: TestApp, staff: StaffSession, url: string, body: URLSearchParams) {
  return asStaff(t, staff, { method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: body.toString() });
}

async function builtinId(t: TestApp, tenantId: string, key: 'admin' | 'support'): Promise<string> {
  return withTenant(t.app.db, tenantId, async (trx) => (await trx.selectFrom('roles').select('id').where('tenant_id', '=', tenantId).where('builtin_key', '=', key).executeTakeFirstOrThrow()).id);
}

describe('roles', () => {
  let t: TestApp;
  let owner: StaffSession;
  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Roles ISP' });
  });
  after(async () => {
    await t.close();
  });

  it('lists built-in and custom roles with their permissions', async () => {
    const page = await asStaff(t, owner, { method: 'GET', url: '/app/roles' });
    assert.equal(page.statusCode, 200);
    for (const name of ['Owner', 'Admin', 'Billing clerk', 'Support', 'Technician', 'Read-only']) assert.match(page.body, new RegExp(`<strong>${name}</strong>`));
    const api = (await asStaff(t, owner, { method: 'GET', url: '/api/v1/roles' })).json();
    const support = api.items.find((r: { builtinKey: string }) => r.builtinKey === 'support');
    assert.deepEqual([...support.permissions].sort(), ['billing.read', 'customers.manage', 'customers.read', 'network.read', 'payments.collect', 'services.manage', 'users.read']);
    assert.equal(support.builtin, true);
  });

  it('pages the API list by cursor: built-ins first, then custom roles by name, nothing skipped or repeated', async () => {
    for (const name of ['Zeta crew', 'Alpha crew', 'Mid crew']) {
      assert.equal((await asStaff(t, owner, { method: 'POST', url: '/api/v1/roles', payload: { name, permissions: ['users.read'] } })).statusCode, 201);
    }
    const all = (await asStaff(t, owner, { method: 'GET', url: '/api/v1/roles?limit=200' })).json();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/roles?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await asStaff(t, owner, { method: 'GET', url })).json();
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((r: { name: string }) => r.name));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, all.items.map((r: { name: string }) => r.name));
    assert.deepEqual(seen.slice(0, 6), ['Owner', 'Admin', 'Billing clerk', 'Support', 'Technician', 'Read-only']);
    const custom = seen.slice(6);
    assert.deepEqual(custom, [...custom].sort());
    assert.ok(custom.includes('Alpha crew') && custom.includes('Zeta crew'));
    const bad = await asStaff(t, owner, { method: 'GET', url: `/api/v1/roles?cursor=${Buffer.from('["x",1,2]').toString('base64url')}` });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'invalid_cursor');
  });

  it('creates a custom role from checkboxes, edits it, and a user holding it gets exactly those permissions', async () => {
    const form = await asStaff(t, owner, { method: 'GET', url: '/app/roles/new' });
    assert.match(form.body, /name="permissions" value="audit\.read"/);
    const created = await formPost(
      t,
      owner,
      '/app/roles',
      new URLSearchParams([
        ['_csrf', owner.csrf],
        ['name', 'Auditor'],
        ['description', 'Reads the log'],
        ['permissions', 'audit.read'],
        ['permissions', 'users.read'],
      ]),
    );
    assert.equal(created.statusCode, 303);
    const role = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.selectFrom('roles').selectAll().where('tenant_id', '=', owner.tenantId).where('name', '=', 'Auditor').executeTakeFirstOrThrow(),
    );
    assert.deepEqual(role.permissions, ['audit.read', 'users.read']);
    assert.equal(role.builtin_key, null);

    const staff = await addStaff(t, owner, 'support');
    await asStaff(t, owner, { method: 'PATCH', url: `/api/v1/users/${staff.userId}`, payload: { roleId: role.id } });
    assert.deepEqual((await asStaff(t, staff, { method: 'GET', url: '/api/v1/me' })).json().permissions, ['audit.read', 'users.read']);

    const edit = await asStaff(t, owner, { method: 'GET', url: `/app/roles/${role.id}/edit` });
    assert.match(edit.body, /value="audit\.read" checked/);
    const saved = await formPost(t, owner, `/app/roles/${role.id}`, new URLSearchParams([['_csrf', owner.csrf], ['name', 'Auditor'], ['permissions', 'users.read']]));
    assert.equal(saved.statusCode, 303);
    assert.deepEqual((await asStaff(t, staff, { method: 'GET', url: '/api/v1/me' })).json().permissions, ['users.read']);

    const audit = await withPlatform(t.app.db, (trx) =>
      trx.selectFrom('audit_events').selectAll().where('tenant_id', '=', owner.tenantId).where('entity_id', '=', role.id).where('action', '=', 'role.updated').executeTakeFirstOrThrow(),
    );
    assert.deepEqual((audit.before as { permissions: string[] }).permissions, ['audit.read', 'users.read']);
    assert.deepEqual((audit.after as { permissions: string[] }).permissions, ['users.read']);

    // Held by someone: deleting is refused with a clear message.
    const refused = await formPost(t, owner, `/app/roles/${role.id}/delete`, new URLSearchParams({ _csrf: owner.csrf }));
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /1 staff member has the role “Auditor”/);
    const apiRefused = await asStaff(t, owner, { method: 'DELETE', url: `/api/v1/roles/${role.id}` });
    assert.equal(apiRefused.statusCode, 409);
    assert.equal(apiRefused.json().code, 'role_in_use');

    // Once nobody holds it, it goes, and that is audited.
    await asStaff(t, owner, { method: 'PATCH', url: `/api/v1/users/${staff.userId}`, payload: { roleId: await builtinId(t, owner.tenantId, 'support') } });
    const deleted = await formPost(t, owner, `/app/roles/${role.id}/delete`, new URLSearchParams({ _csrf: owner.csrf }));
    assert.equal(deleted.statusCode, 303);
    const gone = await withTenant(t.app.db, owner.tenantId, (trx) => trx.selectFrom('roles').select('id').where('tenant_id', '=', owner.tenantId).where('id', '=', role.id).execute());
    assert.equal(gone.length, 0);
    const entry = await withPlatform(t.app.db, (trx) =>
      trx.selectFrom('audit_events').selectAll().where('entity_id', '=', role.id).where('action', '=', 'role.deleted').executeTakeFirstOrThrow(),
    );
    assert.equal((entry.before as { name: string }).name, 'Auditor');
  });

  it('rejects a taken name (any case) and unknown permissions with 422 naming the field', async () => {
    const first = await asStaff(t, owner, { method: 'POST', url: '/api/v1/roles', payload: { name: 'Field crew', permissions: ['users.read'] } });
    assert.equal(first.statusCode, 201);
    const dup = await asStaff(t, owner, { method: 'POST', url: '/api/v1/roles', payload: { name: 'FIELD CREW', permissions: ['nope.never'] } });
    assert.equal(dup.statusCode, 422);
    const problems = dup.json().errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`);
    assert.deepEqual(problems.sort(), ['name:taken', 'permissions.0:unknown']);
    const builtinName = await asStaff(t, owner, { method: 'POST', url: '/api/v1/roles', payload: { name: 'admin', permissions: [] } });
    assert.equal(builtinName.statusCode, 422);
    const page = await formPost(t, owner, '/app/roles', new URLSearchParams({ _csrf: owner.csrf, name: 'field crew' }));
    assert.equal(page.statusCode, 422);
    assert.match(page.body, /already exists/);
    const count = await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx.selectFrom('roles').select('id').where('tenant_id', '=', owner.tenantId).where((eb) => eb(eb.fn('lower', ['name']), '=', 'field crew')).execute(),
    );
    assert.equal(count.length, 1);
  });

  it('built-in roles cannot be edited or deleted', async () => {
    const admin = await builtinId(t, owner.tenantId, 'admin');
    const patch = await asStaff(t, owner, { method: 'PATCH', url: `/api/v1/roles/${admin}`, payload: { permissions: [] } });
    assert.equal(patch.statusCode, 409);
    assert.equal(patch.json().code, 'role_builtin');
    const del = await asStaff(t, owner, { method: 'DELETE', url: `/api/v1/roles/${admin}` });
    assert.equal(del.statusCode, 409);
    const edit = await asStaff(t, owner, { method: 'GET', url: `/app/roles/${admin}/edit` });
    assert.equal(edit.statusCode, 409);
    const me = await addStaff(t, owner, 'admin');
    assert.ok((await asStaff(t, me, { method: 'GET', url: '/api/v1/me' })).json().permissions.includes('roles.manage'));
  });

  it('needs roles.manage, and a custom role cannot carry permissions its maker lacks', async () => {
    const support = await addStaff(t, owner, 'support');
    assert.equal((await asStaff(t, support, { method: 'GET', url: '/app/roles', headers: { accept: 'text/html' } })).statusCode, 403);
    assert.equal((await asStaff(t, support, { method: 'POST', url: '/api/v1/roles', payload: { name: 'Mine', permissions: [] } })).statusCode, 403);
    const home = await asStaff(t, support, { method: 'GET', url: '/app' });
    assert.doesNotMatch(home.body, /href="\/app\/roles"/);

    const limited = await asStaff(t, owner, { method: 'POST', url: '/api/v1/roles', payload: { name: 'Role keeper', permissions: ['roles.manage', 'users.read', 'users.manage'] } });
    assert.equal(limited.statusCode, 201);
    const keeper = await addStaff(t, owner, 'support');
    await asStaff(t, owner, { method: 'PATCH', url: `/api/v1/users/${keeper.userId}`, payload: { roleId: limited.json().id } });
    const escalate = await asStaff(t, keeper, { method: 'POST', url: '/api/v1/roles', payload: { name: 'Everything', permissions: ['settings.manage'] } });
    assert.equal(escalate.statusCode, 403);
    assert.equal(escalate.json().code, 'role_not_assignable');
    const fine = await asStaff(t, keeper, { method: 'POST', url: '/api/v1/roles', payload: { name: 'Viewer', permissions: ['users.read'] } });
    assert.equal(fine.statusCode, 201);
  });
});
