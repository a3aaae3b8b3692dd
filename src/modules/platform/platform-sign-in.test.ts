import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, signUpTenant, type TestApp } from '../../../test/helpers/app.ts';
import { withPlatform } from '../../db/tenancy.ts';
import { hashSecret } from '../../lib/tokens.ts';
import { PLATFORM_SESSION_LIFETIME_MS } from './platform-sessions-repository.ts';
import {
  OPERATOR_PASSWORD,
  asOperator,
  cookiesOf,
  createOperator,
  csrfFrom,
  postPlatformLogin,
  setCookies,
  signedInOperator,
} from './platform-test-helpers.ts';

describe('platform sign-in', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  it('signs an operator in with a strict, HttpOnly cookie scoped to /platform and stores only its hash', async () => {
    const admin = await createOperator(t, 'Root@Lastmile.test');
    const res = await postPlatformLogin(t, 'root@lastmile.test', OPERATOR_PASSWORD, '/platform?notice=x');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/platform?notice=x');
    const cookie = setCookies(res).find((c) => c.startsWith('lm_platform='));
    assert.ok(cookie);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Strict/);
    assert.match(cookie, /; Path=\/platform(;|$)/);
    assert.doesNotMatch(cookie, /; Secure/, 'Secure follows config (off for http in tests)');
    const secret = cookie.slice('lm_platform='.length).split(';')[0] ?? '';

    const sessions = await withPlatform(t.app.db, (trx) => trx.selectFrom('platform_sessions').select(['token_hash', 'admin_id']).where('admin_id', '=', admin.id).execute());
    assert.deepEqual(sessions, [{ token_hash: hashSecret(secret), admin_id: admin.id }]);

    const console = await t.app.inject({ method: 'GET', url: '/platform', headers: { cookie: `lm_platform=${secret}` } });
    assert.equal(console.statusCode, 200);
    assert.match(console.body, /data-testid="operator">Operator \d+</);
    const audit = await withPlatform(t.app.db, (trx) => trx.selectFrom('platform_audit_events').select('action').where('admin_id', '=', admin.id).orderBy('occurred_at').execute());
    assert.deepEqual(audit.map((a) => a.action), ['platform_admin.created', 'platform.signed_in']);
  });

  it('gives the same message for a wrong password and an unknown email, with no session', async () => {
    const admin = await createOperator(t);
    const wrong = await postPlatformLogin(t, admin.email, 'not the password');
    const unknown = await postPlatformLogin(t, 'nobody@lastmile.test', OPERATOR_PASSWORD);
    for (const res of [wrong, unknown]) {
      assert.equal(res.statusCode, 401);
      assert.match(res.body, /Email or password is incorrect/);
      assert.ok(!setCookies(res).some((c) => c.startsWith('lm_platform=')));
    }
    const failed = await withPlatform(t.app.db, (trx) =>
      trx.selectFrom('platform_audit_events').select(['action', 'admin_id']).where('action', '=', 'platform.sign_in_failed').execute(),
    );
    assert.deepEqual(failed, [{ action: 'platform.sign_in_failed', admin_id: admin.id }]);
  });

  it('never follows next= outside the console', async () => {
    const admin = await createOperator(t);
    for (const next of ['https://evil.test/', '//evil.test', '/app', '/platformx']) {
      const res = await postPlatformLogin(t, admin.email, OPERATOR_PASSWORD, next);
      assert.equal(res.headers.location, '/platform', next);
    }
  });

  it('sends anonymous visitors to the platform sign-in page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/platform' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/platform/login?next=%2Fplatform');
    const garbage = await t.app.inject({ method: 'GET', url: '/platform', headers: { cookie: 'lm_platform=not-a-real-session-secret-at-all' } });
    assert.equal(garbage.statusCode, 303);
  });

  it('never lets a tenant staff session reach the console, and an operator session is not staff', async () => {
    const staff = await signUpTenant(t);
    for (const cookie of [`lm_session=${staff.cookie}`, `lm_platform=${staff.cookie}`, `lm_platform=${staff.cookie.slice(37)}`]) {
      const res = await t.app.inject({ method: 'GET', url: '/platform', headers: { cookie } });
      assert.equal(res.statusCode, 303, cookie);
      assert.match(String(res.headers.location), /^\/platform\/login/);
      assert.doesNotMatch(res.body, /data-testid="tenants"/);
    }
    // A staff session cannot post a console form either, even with its own valid CSRF token.
    const post = await t.app.inject({
      method: 'POST',
      url: `/platform/tenants/${staff.tenantId}/suspend`,
      headers: { cookie: `lm_session=${staff.cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: staff.csrf, reason: 'x' }).toString(),
    });
    assert.equal(post.statusCode, 403);
    const tenant = await withPlatform(t.app.db, (trx) => trx.selectFrom('tenants').select('status').where('id', '=', staff.tenantId).executeTakeFirstOrThrow());
    assert.equal(tenant.status, 'active');

    const op = await signedInOperator(t);
    const app = await t.app.inject({ method: 'GET', url: '/app', headers: { cookie: `lm_platform=${op.secret}` } });
    assert.equal(app.statusCode, 302);
    assert.match(String(app.headers.location), /^\/login/);
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `lm_platform=${op.secret}` } });
    assert.equal(api.statusCode, 401);
  });

  it('requires the CSRF token on the sign-in form', async () => {
    const admin = await createOperator(t);
    const form = await t.app.inject({ method: 'GET', url: '/platform/login' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/platform/login',
      headers: { cookie: cookiesOf(form), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: admin.email, password: OPERATOR_PASSWORD }).toString(),
    });
    assert.equal(res.statusCode, 403);
    assert.ok(!setCookies(res).some((c) => c.startsWith('lm_platform=')));
    assert.ok(csrfFrom(form.body));
  });

  it('signs out: the session is deleted and its cookie no longer opens the console', async () => {
    const op = await signedInOperator(t);
    const withoutToken = await asOperator(t, op, { method: 'POST', url: '/platform/logout', form: { _csrf: '' } });
    assert.equal(withoutToken.statusCode, 403);
    const res = await asOperator(t, op, { method: 'POST', url: '/platform/logout', form: {} });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/platform/login?notice=signed_out');
    assert.ok(setCookies(res).some((c) => c.startsWith('lm_platform=;')));
    const left = await withPlatform(t.app.db, (trx) => trx.selectFrom('platform_sessions').select('id').where('admin_id', '=', op.adminId).execute());
    assert.equal(left.length, 0);
    const again = await asOperator(t, op, { method: 'GET', url: '/platform' });
    assert.equal(again.statusCode, 303);
  });

  it('ends sessions when they expire', async () => {
    const op = await signedInOperator(t);
    assert.equal((await asOperator(t, op, { method: 'GET', url: '/platform' })).statusCode, 200);
    t.clock.advance(PLATFORM_SESSION_LIFETIME_MS + 1000);
    const res = await asOperator(t, op, { method: 'GET', url: '/platform' });
    assert.equal(res.statusCode, 303);
  });
});

describe('platform sign-in throttle', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  it('refuses an IP after 30 attempts in 15 minutes, even with the right password', async () => {
    const admin = await createOperator(t);
    // Unknown addresses, so the per-account lockout (sign-in-operator.test.ts) stays out of it.
    for (let i = 0; i < 30; i++) {
      const res = await postPlatformLogin(t, `guess${i}@lastmile.test`, 'wrong password');
      assert.equal(res.statusCode, 401);
    }
    const blocked = await postPlatformLogin(t, admin.email, OPERATOR_PASSWORD);
    assert.equal(blocked.statusCode, 429);
    assert.match(blocked.body, /Too many sign-in attempts/);
    t.clock.advance(15 * 60 * 1000 + 1);
    const later = await postPlatformLogin(t, admin.email, OPERATOR_PASSWORD);
    assert.equal(later.statusCode, 303);
  });
});
