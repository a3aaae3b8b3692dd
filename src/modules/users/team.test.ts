import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, outbox, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { withPlatform, withTenant } from '../../db/tenancy.ts';
import { cookiesOf, csrfFrom } from '../../../test/helpers/forms.ts';

const form = (data: Record<string, string>) => ({ 'content-type': 'application/x-www-form-urlencoded', payload: new URLSearchParams(data).toString() });

function post(t: TestApp, staff: StaffSession, url: string, data: Record<string, string>) {
  const { payload, ...headers } = form(data);
  return asStaff(t, staff, { method: 'POST', url, headers: { ...headers, accept: 'text/html' }, payload });
}

async function roleId(t: TestApp, tenantId: string, key: string): Promise<string> {
  return withTenant(t.app.db, tenantId, async (trx) => {
    const row = await trx.selectFrom('roles').select('id').where('tenant_id', '=', tenantId).where('builtin_key', '=', key as 'admin').executeTakeFirstOrThrow();
    return row.id;
  });
}

async function auditOf(t: TestApp, tenantId: string, action: string) {
  return withPlatform(t.app.db, (trx) =>
    trx.selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId).where('action', '=', action).orderBy('occurred_at').execute(),
  );
}

async function userByEmail(t: TestApp, tenantId: string, email: string) {
  return withPlatform(t.app.db, (trx) => trx.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('email', '=', email).executeTakeFirstOrThrow());
}

/** GET the accept page anonymously and POST the password form, as a browser would. */
async function accept(t: TestApp, link: string, password: string, confirm = password) {
  const page = await t.app.inject({ method: 'GET', url: link });
  if (page.statusCode !== 200) return { page, res: undefined };
  const token = new URL(link, 'http://x').searchParams.get('token') ?? '';
  const res = await t.app.inject({
    method: 'POST',
    url: '/invite/accept',
    headers: { cookie: cookiesOf(page), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfFrom(page.body), token, password, passwordConfirm: confirm }).toString(),
  });
  return { page, res };
}

function linkIn(text: string): string {
  const m = /http:\/\/localhost:\d+(\/invite\/accept\?token=\S+)/.exec(text);
  assert.ok(m?.[1], `mail holds an invitation link: ${text}`);
  return m[1];
}

describe('team page and invitations', () => {
  let t: TestApp;
  let owner: StaffSession;
  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Bayan Fiber', ownerName: 'Ana Cruz' });
  });
  after(async () => {
    await t.close();
  });

  it('invite -> e-mailed link -> choose password -> signed in on /app', async () => {
    const page = await asStaff(t, owner, { method: 'GET', url: '/app/team' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Send invitation/);
    assert.match(page.body, /<option value(="")? selected(="")?>Choose a role…<\/option>/, 'no role is preselected');
    const noRole = await post(t, owner, '/app/team/invite', { _csrf: owner.csrf, name: 'Ben Reyes', email: 'ben@bayan.ph', roleId: '' });
    assert.equal(noRole.statusCode, 422);
    assert.match(noRole.body, /Choose a role/);
    const support = await roleId(t, owner.tenantId, 'support');
    const res = await post(t, owner, '/app/team/invite', { _csrf: owner.csrf, name: 'Ben Reyes', email: 'Ben@Bayan.ph', roleId: support });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/app/team?notice=invited');

    const user = await userByEmail(t, owner.tenantId, 'ben@bayan.ph');
    assert.equal(user.status, 'invited');
    assert.equal(user.password_hash, null);
    const tokens = await withPlatform(t.app.db, (trx) => trx.selectFrom('user_tokens').selectAll().where('user_id', '=', user.id).execute());
    assert.equal(tokens.length, 1);
    assert.equal(tokens[0]?.purpose, 'invitation');
    assert.equal(tokens[0]?.expires_at.getTime(), t.clock.now().getTime() + 7 * 24 * 3600 * 1000);

    const mails = await outbox(t, owner.tenantId);
    const mail = mails.find((m) => m.to === 'ben@bayan.ph');
    assert.ok(mail);
    assert.match(mail.subject, /Bayan Fiber/);
    const link = linkIn(mail.text);
    const secret = decodeURIComponent(link.split('token=')[1] ?? '').slice(37);
    // Only the hash is stored, never the secret itself.
    assert.notEqual(tokens[0]?.token_hash, secret);
    assert.ok(!JSON.stringify(tokens).includes(secret));

    const mismatch = await accept(t, link, 'a long password 1', 'a long password 2');
    assert.match(mismatch.page.body, /Bayan Fiber/);
    assert.match(mismatch.page.body, /Ben Reyes/);
    assert.equal(mismatch.res?.statusCode, 422);
    assert.match(mismatch.res?.body ?? '', /do not match/);
    assert.equal((await userByEmail(t, owner.tenantId, 'ben@bayan.ph')).status, 'invited');

    const done = await accept(t, link, 'a long password 1');
    assert.equal(done.res?.statusCode, 303);
    assert.equal(done.res?.headers.location, '/app');
    const home = await t.app.inject({ method: 'GET', url: '/app', headers: { cookie: cookiesOf(done.res!) } });
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /data-testid="user-name">Ben Reyes</);
    assert.equal((await userByEmail(t, owner.tenantId, 'ben@bayan.ph')).status, 'active');
    const accepted = await auditOf(t, owner.tenantId, 'user.invitation_accepted');
    assert.equal(accepted.length, 1);

    // The link works once.
    const again = await t.app.inject({ method: 'GET', url: link });
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /already been used/);

    // And the new password signs in through /login.
    const login = await t.app.inject({ method: 'GET', url: '/login' });
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: cookiesOf(login), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfFrom(login.body), email: 'ben@bayan.ph', password: 'a long password 1' }).toString(),
    });
    assert.equal(signIn.statusCode, 303);

    const invited = await auditOf(t, owner.tenantId, 'user.invited');
    const entry = invited.find((e) => e.entity_id === user.id);
    assert.deepEqual((entry?.after as { email: string; status: string }).email, 'ben@bayan.ph');
    assert.equal(entry?.actor_id, owner.userId);
  });

  it('an expired invitation gives 410 and a clear page; an unknown one 400', async () => {
    const support = await roleId(t, owner.tenantId, 'support');
    await post(t, owner, '/app/team/invite', { _csrf: owner.csrf, name: 'Late Comer', email: 'late@bayan.ph', roleId: support });
    const mail = (await outbox(t, owner.tenantId)).find((m) => m.to === 'late@bayan.ph');
    assert.ok(mail);
    const link = linkIn(mail.text);
    t.clock.advance(7 * 24 * 3600 * 1000 + 1000);
    try {
      const res = await t.app.inject({ method: 'GET', url: link });
      assert.equal(res.statusCode, 410);
      assert.match(res.body, /has expired/);
      const { res: posted } = await accept(t, link, 'whatever long pw');
      assert.equal(posted, undefined);
      assert.equal((await userByEmail(t, owner.tenantId, 'late@bayan.ph')).status, 'invited');
    } finally {
      t.clock.advance(-(7 * 24 * 3600 * 1000 + 1000));
    }
    const unknown = await t.app.inject({ method: 'GET', url: `/invite/accept?token=${owner.tenantId}.${'x'.repeat(43)}` });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /not valid/);
    const garbage = await t.app.inject({ method: 'GET', url: '/invite/accept?token=nonsense' });
    assert.equal(garbage.statusCode, 400);
  });

  it('a duplicate email in the same company is 422 on email, rule taken; another company may use it', async () => {
    const support = await roleId(t, owner.tenantId, 'support');
    const dup = await post(t, owner, '/app/team/invite', { _csrf: owner.csrf, name: 'Ana Again', email: owner.email.toUpperCase(), roleId: support });
    assert.equal(dup.statusCode, 422);
    assert.match(dup.body, /already uses this email/);
    const api = await asStaff(t, owner, { method: 'POST', url: '/api/v1/users', payload: { name: 'Ana Again', email: owner.email, roleId: support } });
    assert.equal(api.statusCode, 422);
    assert.deepEqual(api.json().errors, [{ field: 'email', rule: 'taken', message: 'Someone on the team already uses this email' }]);

    const other = await signUpTenant(t, { companyName: 'Other ISP' });
    const otherSupport = await roleId(t, other.tenantId, 'support');
    const ok = await asStaff(t, other, { method: 'POST', url: '/api/v1/users', payload: { name: 'Ana Elsewhere', email: owner.email, roleId: otherSupport } });
    assert.equal(ok.statusCode, 201);
    assert.equal(ok.json().email, owner.email);
  });

  it('a read-only user sees the team without the invite form and gets 403 on invite', async () => {
    const reader = await addStaff(t, owner, 'read_only');
    const page = await asStaff(t, reader, { method: 'GET', url: '/app/team' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(owner.email));
    assert.doesNotMatch(page.body, /Send invitation/);
    assert.doesNotMatch(page.body, />\s*Deactivate\s*</);
    assert.doesNotMatch(page.body, /Change role/);
    const ownerView = await asStaff(t, owner, { method: 'GET', url: '/app/team' });
    assert.match(ownerView.body, />\s*Deactivate\s*</, 'the owner does see the row actions');
    const support = await roleId(t, owner.tenantId, 'support');
    const res = await post(t, reader, '/app/team/invite', { _csrf: reader.csrf, name: 'Sneaky', email: 'sneaky@bayan.ph', roleId: support });
    assert.equal(res.statusCode, 403);
    const none = await withPlatform(t.app.db, (trx) => trx.selectFrom('users').select('id').where('email', '=', 'sneaky@bayan.ph').execute());
    assert.equal(none.length, 0);
    // Technicians hold users.read too; a role without it is refused the page.
    const noTeam = await asStaff(t, reader, { method: 'GET', url: '/app/roles', headers: { accept: 'text/html' } });
    assert.equal(noTeam.statusCode, 403);
  });

  it('searches by name or email', async () => {
    await addStaff(t, owner, 'billing', 'zed.searchable@bayan.ph');
    const res = await asStaff(t, owner, { method: 'GET', url: '/app/team?q=SEARCHABLE' });
    assert.match(res.body, /zed\.searchable@bayan\.ph/);
    assert.doesNotMatch(res.body, new RegExp(owner.email));
    const none = await asStaff(t, owner, { method: 'GET', url: '/app/team?q=%25' });
    assert.match(none.body, /Nobody matches/);
    // A repeated parameter arrives as an array; the first value is used, never a 500.
    const twice = await asStaff(t, owner, { method: 'GET', url: '/app/team?q=searchable&q=other&status=active&status=invited' });
    assert.equal(twice.statusCode, 200);
    assert.match(twice.body, /zed\.searchable@bayan\.ph/);
  });

  it('a role change takes effect on the next request', async () => {
    const clerk = await addStaff(t, owner, 'read_only');
    const before = await asStaff(t, clerk, { method: 'GET', url: '/api/v1/me' });
    assert.ok(!before.json().permissions.includes('users.manage'));
    const admin = await roleId(t, owner.tenantId, 'admin');
    const res = await post(t, owner, `/app/team/${clerk.userId}/role`, { _csrf: owner.csrf, roleId: admin });
    assert.equal(res.statusCode, 303);
    const afterChange = await asStaff(t, clerk, { method: 'GET', url: '/api/v1/me' });
    assert.ok(afterChange.json().permissions.includes('users.manage'));
    assert.equal(afterChange.json().actor.role, 'Admin');
    const changed = (await auditOf(t, owner.tenantId, 'user.role_changed')).find((e) => e.entity_id === clerk.userId);
    assert.deepEqual(changed?.before, { roleId: await roleId(t, owner.tenantId, 'read_only'), roleName: 'Read-only' });
    assert.deepEqual(changed?.after, { roleId: admin, roleName: 'Admin' });
  });

  it('deactivation ends every session of the user at once', async () => {
    const tech = await addStaff(t, owner, 'technician');
    const second = await (await import('../../../test/helpers/app.ts')).sessionFor(t, owner.tenantId, owner.tenantSlug, tech.userId, tech.email);
    assert.equal((await asStaff(t, tech, { method: 'GET', url: '/app' })).statusCode, 200);
    const res = await post(t, owner, `/app/team/${tech.userId}/deactivate`, { _csrf: owner.csrf });
    assert.equal(res.statusCode, 303);
    for (const s of [tech, second]) {
      const page = await asStaff(t, s, { method: 'GET', url: '/app' });
      assert.equal(page.statusCode, 302);
      assert.match(String(page.headers.location), /^\/login/);
      assert.equal((await asStaff(t, s, { method: 'GET', url: '/api/v1/me' })).statusCode, 401);
    }
    const sessions = await withPlatform(t.app.db, (trx) => trx.selectFrom('sessions').select('id').where('user_id', '=', tech.userId).execute());
    assert.equal(sessions.length, 0);
    const entry = (await auditOf(t, owner.tenantId, 'user.deactivated')).find((e) => e.entity_id === tech.userId);
    assert.deepEqual(entry?.before, { status: 'active' });
    assert.deepEqual(entry?.after, { status: 'deactivated' });

    // They cannot sign in any more; reactivation lets them back.
    const reactivated = await post(t, owner, `/app/team/${tech.userId}/reactivate`, { _csrf: owner.csrf });
    assert.equal(reactivated.headers.location, '/app/team?notice=reactivated');
    assert.equal((await userByEmail(t, owner.tenantId, tech.email)).status, 'active');
  });

  it('protects the owner, forbids self-deactivation, and keeps Admin for the owner to give', async () => {
    const admin = await addStaff(t, owner, 'admin');
    const manager = await addStaff(t, owner, 'read_only');
    const support = await roleId(t, owner.tenantId, 'support');
    const adminRole = await roleId(t, owner.tenantId, 'admin');

    const deactivateOwner = await asStaff(t, admin, { method: 'POST', url: `/api/v1/users/${owner.userId}/deactivate` });
    assert.equal(deactivateOwner.statusCode, 403);
    assert.equal(deactivateOwner.json().code, 'owner_protected');
    const demoteOwner = await asStaff(t, admin, { method: 'PATCH', url: `/api/v1/users/${owner.userId}`, payload: { roleId: support } });
    assert.equal(demoteOwner.statusCode, 403);
    assert.equal(demoteOwner.json().code, 'owner_protected');
    const page = await post(t, admin, `/app/team/${owner.userId}/deactivate`, { _csrf: admin.csrf });
    assert.equal(page.statusCode, 403);
    assert.match(page.body, /owner cannot be deactivated/);
    assert.equal((await userByEmail(t, owner.tenantId, owner.email)).status, 'active');

    const self = await asStaff(t, admin, { method: 'POST', url: `/api/v1/users/${admin.userId}/deactivate` });
    assert.equal(self.statusCode, 409);
    assert.equal(self.json().code, 'cannot_deactivate_self');
    const ownerSelf = await asStaff(t, owner, { method: 'POST', url: `/api/v1/users/${owner.userId}/deactivate` });
    assert.equal(ownerSelf.statusCode, 409);

    const promote = await asStaff(t, admin, { method: 'PATCH', url: `/api/v1/users/${manager.userId}`, payload: { roleId: adminRole } });
    assert.equal(promote.statusCode, 403);
    assert.equal(promote.json().code, 'role_not_assignable');
    const ownerRole = await roleId(t, owner.tenantId, 'owner');
    const makeOwner = await asStaff(t, owner, { method: 'PATCH', url: `/api/v1/users/${manager.userId}`, payload: { roleId: ownerRole } });
    assert.equal(makeOwner.statusCode, 403);
    const byOwner = await asStaff(t, owner, { method: 'PATCH', url: `/api/v1/users/${manager.userId}`, payload: { roleId: adminRole } });
    assert.equal(byOwner.statusCode, 200);
    assert.equal(byOwner.json().role.name, 'Admin');
    // Admins cannot demote or lock out one another.
    const demoteAdmin = await asStaff(t, admin, { method: 'POST', url: `/api/v1/users/${manager.userId}/deactivate` });
    assert.equal(demoteAdmin.statusCode, 403);
    assert.equal(demoteAdmin.json().code, 'admin_protected');
  });
});
