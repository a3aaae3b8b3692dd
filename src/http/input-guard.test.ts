import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../test/helpers/app.ts';
import { cookiesOf, csrfFrom } from '../../test/helpers/forms.ts';
import { withPlatform } from '../db/tenancy.ts';

describe('NUL characters in input', () => {
  let t: TestApp;
  let owner: StaffSession;
  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t, { companyName: 'Nul ISP' });
  });
  after(async () => {
    await t.close();
  });

  it('answer 422 naming the JSON field, and nothing is written', async () => {
    const res = await asStaff(t, owner, { method: 'POST', url: '/api/v1/roles', payload: { name: 'a\u0000b', permissions: [] } });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().errors[0].field, 'name');
    const nested = await asStaff(t, owner, { method: 'POST', url: '/api/v1/roles', payload: { name: 'ok', permissions: ['users.read', 'x\u0000'] } });
    assert.equal(nested.statusCode, 422);
    assert.equal(nested.json().errors[0].field, 'permissions.1');
    const settings = await asStaff(t, owner, { method: 'PATCH', url: '/api/v1/settings', payload: { legalName: 'x\u0000' } });
    assert.equal(settings.statusCode, 422);
    assert.equal(settings.json().errors[0].field, 'legalName');
    const roles = (await asStaff(t, owner, { method: 'GET', url: '/api/v1/roles' })).json().items.map((r: { name: string }) => r.name);
    assert.ok(!roles.includes('ok'));
  });

  it('answer 422 naming the query parameter', async () => {
    const res = await asStaff(t, owner, { method: 'GET', url: '/api/v1/users?q=%00' });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().errors[0].field, 'q');
    const audit = await asStaff(t, owner, { method: 'GET', url: '/api/v1/audit-events?action=%00' });
    assert.equal(audit.statusCode, 422);
  });

  it('answer 422 on anonymous forms (sign-up, sign-in, password reset) and create no company', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/signup' });
    const csrf = csrfFrom(page.body);
    const cookie = cookiesOf(page);
    const post = (url: string, fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
    const count = async () => (await withPlatform(t.app.db, (trx) => trx.selectFrom('tenants').select('id').execute())).length;
    const before = await count();
    const signup = await post('/signup', { companyName: 'Nul\u0000 Co', ownerName: 'N', email: 'n@nul.test', password: 'correct horse battery' });
    assert.equal(signup.statusCode, 422);
    assert.match(signup.body, /companyName must not contain NUL/);
    assert.equal(await count(), before);
    assert.equal((await post('/login', { email: 'n\u0000@nul.test', password: 'correct horse battery' })).statusCode, 422);
    assert.equal((await post('/forgot-password', { email: 'n\u0000@nul.test' })).statusCode, 422);
  });
});
