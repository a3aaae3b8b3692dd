import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, sessionFor, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { cookiesOf, csrfFrom } from '../../../test/helpers/forms.ts';
import { withTenant } from '../../db/tenancy.ts';
import { verifyPassword } from '../../lib/passwords.ts';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';

const form = (values: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(values).toString(),
});

describe('profile', () => {
  let t: TestApp;
  let owner: StaffSession;

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Bayan Fiber', ownerName: 'Ana Cruz' });
  });
  after(async () => {
    await t.close();
  });

  const passwordHash = async (staff: StaffSession) =>
    (
      await withTenant(t.app.db, staff.tenantId, (trx) =>
        trx.selectFrom('users').select('password_hash').where('tenant_id', '=', staff.tenantId).where('id', '=', staff.userId).executeTakeFirstOrThrow(),
      )
    ).password_hash;
  const userName = async (staff: StaffSession) =>
    (await withTenant(t.app.db, staff.tenantId, (trx) => trx.selectFrom('users').select('name').where('tenant_id', '=', staff.tenantId).where('id', '=', staff.userId).executeTakeFirstOrThrow())).name;
  const auditOf = (staff: StaffSession, action: string) =>
    withTenant(t.app.db, staff.tenantId, (trx) =>
      trx.selectFrom('audit_events').selectAll().where('tenant_id', '=', staff.tenantId).where('entity_id', '=', staff.userId).where('action', '=', action).orderBy('occurred_at').execute(),
    );
  const sessionCount = (staff: StaffSession) =>
    withTenant(t.app.db, staff.tenantId, async (trx) => (await trx.selectFrom('sessions').select('id').where('tenant_id', '=', staff.tenantId).where('user_id', '=', staff.userId).execute()).length);
  const another = (staff: StaffSession) => sessionFor(t, staff.tenantId, staff.tenantSlug, staff.userId, staff.email);
  const isSignedIn = async (staff: StaffSession) => (await asStaff(t, staff, { method: 'GET', url: '/app/profile' })).statusCode === 200;
  const changePassword = (staff: StaffSession, fields: Record<string, string>) => asStaff(t, staff, { method: 'POST', url: '/app/profile/password', ...form(fields) });

  /** Submits a public form (/login, /forgot-password) the way a browser does. */
  async function submitPublic(url: string, fields: Record<string, string>) {
    const page = await t.app.inject({ method: 'GET', url });
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookiesOf(page), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfFrom(page.body), ...fields }).toString(),
    });
  }
  const login = (email: string, password: string) => submitPublic('/login', { email, password });

  it('shows name, email, role, company and the sessions to any staff member, linked from their name', async () => {
    const reader = await addStaff(t, owner, 'read_only');
    const res = await asStaff(t, reader, { method: 'GET', url: '/app/profile' });
    assert.equal(res.statusCode, 200);
    const account = /data-testid="account">([\s\S]*?)<\/section>/.exec(res.body)?.[1] ?? '';
    assert.match(account, /<dd>Staff \d+<\/dd>/);
    assert.match(account, new RegExp(`<dd>${reader.email}</dd>`));
    assert.match(account, /<dd>Read-only<\/dd>/);
    assert.match(account, /<dd>Bayan Fiber<\/dd>/);
    assert.match(res.body, /<a href="\/app\/profile" title="Your profile" class="active" data-testid="user-name">Staff \d+<\/a>/);
    const sessions = /data-testid="sessions">([\s\S]*?)<\/table>/.exec(res.body)?.[1] ?? '';
    assert.match(sessions, /<td>127\.0\.0\.1<\/td>/);
    assert.match(sessions, /<td>test<\/td>/);
    assert.match(sessions, /This session/);
    assert.match(res.body, /You are signed in nowhere else/);

    const ownerHome = await asStaff(t, owner, { method: 'GET', url: '/app' });
    assert.match(ownerHome.body, /<a href="\/app\/profile" title="Your profile" data-testid="user-name">Ana Cruz<\/a>/);
  });

  it('sends anonymous visitors to sign-in and changes nothing', async () => {
    const before = await passwordHash(owner);
    const page = await t.app.inject({ method: 'GET', url: '/app/profile' });
    assert.equal(page.statusCode, 302);
    assert.equal(page.headers.location, '/login?next=%2Fapp%2Fprofile');
    for (const url of ['/app/profile', '/app/profile/password', '/app/profile/sessions/sign-out-others']) {
      const res = await t.app.inject({ method: 'POST', url, ...form({ name: 'Nobody', currentPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD }) });
      assert.equal(res.statusCode, 302, url);
      assert.match(String(res.headers.location), /^\/login\?next=/);
    }
    assert.equal(await passwordHash(owner), before);
    assert.equal(await userName(owner), 'Ana Cruz');
  });

  it('refuses every form without the CSRF token', async () => {
    const staff = await addStaff(t, owner, 'support');
    const other = await another(staff);
    const before = await passwordHash(staff);
    const name = await userName(staff);
    const fields = { name: 'Forged', currentPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD };
    for (const url of ['/app/profile', '/app/profile/password', '/app/profile/sessions/sign-out-others']) {
      for (const token of [undefined, 'not-the-token']) {
        const res = await t.app.inject({ method: 'POST', url, headers: { cookie: `lm_session=${staff.cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(token ? { ...fields, _csrf: token } : fields).toString() });
        assert.equal(res.statusCode, 403, `${url} ${token}`);
      }
    }
    assert.equal(await passwordHash(staff), before);
    assert.equal(await userName(staff), name);
    assert.ok(await isSignedIn(other));
  });

  describe('changing the password', () => {
    it('refuses a wrong current password with 422, keeps the hash, the sessions and the audit log', async () => {
      const staff = await addStaff(t, owner, 'billing');
      const other = await another(staff);
      const before = await passwordHash(staff);
      const res = await changePassword(staff, { currentPassword: 'not my password', newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /Your password was not changed\./);
      assert.match(res.body, /id="f-currentPassword-error" class="error">Current password is incorrect</);
      assert.doesNotMatch(res.body, /not my password|a brand new passphrase/, 'passwords are never echoed');
      assert.equal(await passwordHash(staff), before);
      assert.ok(await isSignedIn(other));
      assert.equal((await auditOf(staff, 'user.password_changed')).length, 0);
    });

    it('refuses a repeat that does not match, and names every bad field at once', async () => {
      const staff = await addStaff(t, owner, 'billing');
      const before = await passwordHash(staff);
      const mismatch = await changePassword(staff, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: `${NEW_PASSWORD}!` });
      assert.equal(mismatch.statusCode, 422);
      assert.match(mismatch.body, /id="f-newPasswordConfirm-error" class="error">The two new passwords do not match</);
      assert.doesNotMatch(mismatch.body, /f-currentPassword-error/);

      const all = await changePassword(staff, { currentPassword: '', newPassword: 'short', newPasswordConfirm: 'other' });
      assert.equal(all.statusCode, 422);
      assert.match(all.body, /f-currentPassword-error" class="error">Enter your current password</);
      assert.match(all.body, /f-newPassword-error" class="error">Password must be at least 10 characters</);
      assert.match(all.body, /f-newPasswordConfirm-error" class="error">The two new passwords do not match</);

      const same = await changePassword(staff, { currentPassword: PASSWORD, newPassword: PASSWORD, newPasswordConfirm: PASSWORD });
      assert.equal(same.statusCode, 422);
      assert.match(same.body, /f-newPassword-error" class="error">Choose a password different from the current one</);

      assert.equal(await passwordHash(staff), before);
      assert.equal((await auditOf(staff, 'user.password_changed')).length, 0);
    });

    it('sets a new argon2id hash, ends every other session but this one, and audits without any hash', async () => {
      const staff = await addStaff(t, owner, 'support');
      const laptop = await another(staff);
      const phone = await another(staff);
      const colleague = await addStaff(t, owner, 'support');
      const before = await passwordHash(staff);

      const res = await changePassword(staff, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/app/profile?notice=password_changed');

      const after = await passwordHash(staff);
      assert.notEqual(after, before);
      assert.match(String(after), /^\$argon2id\$/);
      assert.ok(await verifyPassword(after, NEW_PASSWORD));

      assert.ok(await isSignedIn(staff), 'this session stays');
      assert.equal(await isSignedIn(laptop), false);
      assert.equal(await isSignedIn(phone), false);
      assert.equal(await sessionCount(staff), 1);
      assert.ok(await isSignedIn(colleague), "a colleague's session is not touched");

      const page = await asStaff(t, staff, { method: 'GET', url: '/app/profile?notice=password_changed' });
      assert.match(page.body, /<p class="notice">Your password is changed\. Every other session has been signed out\.<\/p>/);

      const [entry, ...more] = await auditOf(staff, 'user.password_changed');
      assert.ok(entry);
      assert.equal(more.length, 0);
      assert.equal(entry.actor_id, staff.userId);
      assert.deepEqual(entry.after, { otherSessionsEnded: 2 });
      assert.doesNotMatch(JSON.stringify(entry), /argon2|brand new|horse/);

      const old = await login(staff.email, PASSWORD);
      assert.equal(old.statusCode, 401, 'the old password no longer signs in');
      const fresh = await login(staff.email, NEW_PASSWORD);
      assert.equal(fresh.statusCode, 303);
      assert.equal(fresh.headers.location, '/app');
    });

    it('voids a password reset link still waiting in the mailbox', async () => {
      const staff = await addStaff(t, owner, 'support');
      const asked = await submitPublic('/forgot-password', { email: staff.email });
      assert.ok(asked.statusCode < 400, `forgot-password: ${asked.statusCode}`);
      const pending = () =>
        withTenant(t.app.db, staff.tenantId, async (trx) =>
          (
            await trx
              .selectFrom('user_tokens')
              .select('id')
              .where('tenant_id', '=', staff.tenantId)
              .where('user_id', '=', staff.userId)
              .where('purpose', '=', 'password_reset')
              .where('used_at', 'is', null)
              .execute()
          ).length,
        );
      assert.equal(await pending(), 1);
      const res = await changePassword(staff, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD });
      assert.equal(res.statusCode, 303);
      assert.equal(await pending(), 0);
    });
  });

  it('changes the name: trimmed, audited with before and after, shown in the top bar; an empty name is a 422', async () => {
    const staff = await addStaff(t, owner, 'technician');
    const original = await userName(staff);
    const empty = await asStaff(t, staff, { method: 'POST', url: '/app/profile', ...form({ name: '   ' }) });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /id="f-name-error" class="error">Name is required</);
    assert.match(empty.body, /Nothing was saved/);
    const long = await asStaff(t, staff, { method: 'POST', url: '/app/profile', ...form({ name: 'x'.repeat(201) }) });
    assert.equal(long.statusCode, 422);
    assert.match(long.body, /value="x{201}"/, 'the typed name is kept');
    assert.equal(await userName(staff), original);
    assert.equal((await auditOf(staff, 'user.profile_updated')).length, 0);

    const res = await asStaff(t, staff, { method: 'POST', url: '/app/profile', ...form({ name: '  Rosa   Santos ' }) });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/app/profile?notice=name_saved');
    assert.equal(await userName(staff), 'Rosa Santos');
    const page = await asStaff(t, staff, { method: 'GET', url: '/app/profile?notice=name_saved' });
    assert.match(page.body, /data-testid="user-name">Rosa Santos</);
    assert.match(page.body, /Your name is saved\./);

    const again = await asStaff(t, staff, { method: 'POST', url: '/app/profile', ...form({ name: 'Rosa Santos' }) });
    assert.equal(again.statusCode, 303);
    const audit = await auditOf(staff, 'user.profile_updated');
    assert.equal(audit.length, 1, 'an unchanged name writes nothing');
    assert.deepEqual(audit[0]?.before, { name: original });
    assert.deepEqual(audit[0]?.after, { name: 'Rosa Santos' });
    assert.equal(audit[0]?.actor_id, staff.userId);
  });

  it('signs out everywhere else: other sessions end, this one stays, and it is audited', async () => {
    const staff = await addStaff(t, owner, 'support');
    const laptop = await another(staff);
    const before = await asStaff(t, staff, { method: 'GET', url: '/app/profile' });
    assert.match(before.body, /Sign out everywhere else \(1 other session\)/);

    const res = await asStaff(t, staff, { method: 'POST', url: '/app/profile/sessions/sign-out-others', ...form({}) });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/app/profile?notice=signed_out_elsewhere');
    assert.ok(await isSignedIn(staff));
    assert.equal(await isSignedIn(laptop), false);
    assert.equal(await sessionCount(staff), 1);
    const audit = await auditOf(staff, 'auth.signed_out_elsewhere');
    assert.deepEqual(audit.map((a) => a.after), [{ sessionsEnded: 1 }]);

    // Nothing left to end: nothing written.
    await asStaff(t, staff, { method: 'POST', url: '/app/profile/sessions/sign-out-others', ...form({}) });
    assert.equal((await auditOf(staff, 'auth.signed_out_elsewhere')).length, 1);
  });

  it('never reaches another company: same e-mail elsewhere keeps its name, password and sessions', async () => {
    const elsewhere = await signUpTenant(t, { companyName: 'Other ISP', email: owner.email, ownerName: 'Ana Elsewhere' });
    const elsewhereLaptop = await another(elsewhere);
    const staff = await addStaff(t, owner, 'support');
    const hash = await passwordHash(elsewhere);
    await asStaff(t, owner, { method: 'POST', url: '/app/profile', ...form({ name: 'Ana C.' }) });
    await asStaff(t, owner, { method: 'POST', url: '/app/profile/sessions/sign-out-others', ...form({}) });
    const changed = await changePassword(owner, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirm: NEW_PASSWORD });
    assert.equal(changed.statusCode, 303);
    assert.equal(await userName(elsewhere), 'Ana Elsewhere');
    assert.equal(await passwordHash(elsewhere), hash);
    assert.ok(await isSignedIn(elsewhere));
    assert.ok(await isSignedIn(elsewhereLaptop));
    assert.ok(await isSignedIn(staff));
  });
});
