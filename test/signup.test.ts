import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asStaff, createTestApp, type TestApp } from './helpers/app.ts';
import { withPlatform } from '../src/db/tenancy.ts';
import { cookiesOf, csrfFrom } from './helpers/forms.ts';

describe('sign-up', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  it('creates the company and its owner, and lands signed in on /app', async () => {
    const form = await t.app.inject({ method: 'GET', url: '/signup' });
    assert.equal(form.statusCode, 200);
    for (const label of ['Company name', 'Your name', 'Email', 'Password']) assert.match(form.body, new RegExp(`>${label}<`));
    const res = await t.app.inject({
      method: 'POST',
      url: '/signup',
      headers: { cookie: cookiesOf(form), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfFrom(form.body), companyName: 'Bayan Fiber', ownerName: 'Ana Cruz', email: 'Ana@Bayan.ph', password: 'supersecret1' }).toString(),
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/app');
    const session = cookiesOf(res);
    assert.match(session, /lm_session=/);
    const home = await t.app.inject({ method: 'GET', url: '/app', headers: { cookie: session } });
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /data-testid="company-name">Bayan Fiber</);
    assert.match(home.body, /data-testid="user-name">Ana Cruz</);

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session } });
    const body = me.json();
    assert.equal(body.tenant.name, 'Bayan Fiber');
    assert.equal(body.actor.email, 'ana@bayan.ph');
    assert.equal(body.actor.isOwner, true);
    const settings = await withPlatform(t.app.db, (trx) => trx.selectFrom('tenant_settings').selectAll().where('tenant_id', '=', body.tenant.id).executeTakeFirstOrThrow());
    assert.deepEqual([settings.currency, settings.time_zone, settings.country], ['PHP', 'Asia/Manila', 'PH']);
  });

  it('rejects bad input naming each field and writes nothing', async () => {
    const before = await withPlatform(t.app.db, (trx) => trx.selectFrom('tenants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow());
    const form = await t.app.inject({ method: 'GET', url: '/signup' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/signup',
      headers: { cookie: cookiesOf(form), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfFrom(form.body), companyName: '', ownerName: 'X', email: 'not-an-email', password: 'short' }).toString(),
    });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Company name is required/);
    assert.match(res.body, /Enter a valid email address/);
    assert.match(res.body, /at least 10 characters/);
    const afterCount = await withPlatform(t.app.db, (trx) => trx.selectFrom('tenants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow());
    assert.equal(afterCount.n, before.n);
  });

  it('refuses a form post without the CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/signup',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'companyName=A&ownerName=B&email=a@b.co&password=supersecret1',
    });
    assert.equal(res.statusCode, 403);
  });

  it('refuses a cookie-authenticated API write without the x-csrf-token header, naming the header', async () => {
    const { signUpTenant } = await import('./helpers/app.ts');
    const owner = await signUpTenant(t, { companyName: 'Csrf Check ISP' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/roles',
      headers: { cookie: `lm_session=${owner.cookie}` },
      payload: { name: 'Sneaky', permissions: [] },
    });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'csrf_failed');
    assert.match(res.json().detail, /x-csrf-token/);
  });

  it('gives two companies with the same name distinct handles', async () => {
    const { signUpTenant } = await import('./helpers/app.ts');
    const a = await signUpTenant(t, { companyName: 'Same Name ISP' });
    const b = await signUpTenant(t, { companyName: 'Same Name ISP' });
    assert.equal(a.tenantSlug, 'same-name-isp');
    assert.equal(b.tenantSlug, 'same-name-isp-2');
    const meB = await asStaff(t, b, { method: 'GET', url: '/api/v1/me' });
    assert.equal(meB.json().tenant.id, b.tenantId);
  });
});
