import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addStaff, asStaff, createTestApp, signUpTenant, type StaffSession, type TestApp } from '../../../test/helpers/app.ts';
import { createTestDatabase } from '../../../test/helpers/database.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { signUpCompany } from '../tenants/sign-up-company.ts';
import { withTenant } from '../../db/tenancy.ts';
import { createSession } from '../auth/sessions-repository.ts';
import type { Mailer } from './mailer.ts';

describe('development outbox page', () => {
  let t: TestApp;
  let a: StaffSession;
  let b: StaffSession;

  before(async () => {
    t = await createTestApp();
    a = await signUpTenant(t, { companyName: 'Mail A' });
    b = await signUpTenant(t, { companyName: 'Mail B' });
    await t.mailer.send({ tenantId: a.tenantId, to: 'first@a.test', subject: 'Older message', text: 'Hello' });
    await t.mailer.send({ tenantId: a.tenantId, to: 'new@a.test', subject: 'You are invited', text: 'Accept: http://localhost:3000/invite/accept?token=abc.def&x=1\nThanks <b>team</b>' });
    await t.mailer.send({ tenantId: b.tenantId, to: 'secret@b.test', subject: 'B only', text: 'private' });
  });
  after(async () => {
    await t.close();
  });

  it("lists the tenant's own messages newest first, with links clickable and text escaped", async () => {
    const res = await asStaff(t, a, { method: 'GET', url: '/app/dev/outbox' });
    assert.equal(res.statusCode, 200);
    const invited = res.body.indexOf('You are invited');
    const older = res.body.indexOf('Older message');
    assert.ok(invited > 0 && older > invited, 'newest first');
    assert.match(res.body, /To new@a\.test/);
    assert.match(res.body, /<a href="http:\/\/localhost:3000\/invite\/accept\?token=abc\.def&amp;x=1">/);
    assert.match(res.body, /Thanks &lt;b>team&lt;\/b>/);
    assert.doesNotMatch(res.body, /secret@b\.test|B only/);
  });

  it("shows staff other than the owner only their own mail, never a colleague's one-time links", async () => {
    const support = await addStaff(t, a, 'support');
    await t.mailer.send({ tenantId: a.tenantId, to: a.email, subject: 'Reset your password', text: 'http://localhost:3000/reset-password?token=owner-secret' });
    await t.mailer.send({ tenantId: a.tenantId, to: support.email.toUpperCase(), subject: 'Your own reset', text: 'http://localhost:3000/reset-password?token=mine' });
    const res = await asStaff(t, support, { method: 'GET', url: '/app/dev/outbox' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Your own reset/);
    assert.doesNotMatch(res.body, /owner-secret|You are invited|invite\/accept/);
    const owner = await asStaff(t, a, { method: 'GET', url: '/app/dev/outbox' });
    assert.match(owner.body, /owner-secret/);
    const home = await asStaff(t, support, { method: 'GET', url: '/app' });
    assert.match(home.body, /href="\/app\/dev\/outbox"/);
  });

  it('sends anonymous visitors to sign in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/app/dev/outbox' });
    assert.equal(res.statusCode, 302);
    assert.match(res.headers.location as string, /^\/login/);
  });

  it('does not exist when mail goes out through SMTP', async () => {
    const testDb = await createTestDatabase();
    const smtp: Mailer = { usesOutbox: false, send: async () => {}, listOutbox: async () => [] };
    const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db: testDb.db, mailer: smtp, clock: t.clock.now, logger: false });
    try {
      const company = await signUpCompany({ db: testDb.db, now: t.clock.now }, { companyName: 'Smtp ISP', ownerName: 'Sam', email: 'sam@smtp.test', password: 'correct horse battery' });
      const cookie = await withTenant(testDb.db, company.tenantId, (trx) => createSession(trx, { tenantId: company.tenantId, userId: company.userId, ip: undefined, userAgent: undefined, now: t.clock.now() }));
      const res = await app.inject({ method: 'GET', url: '/app/dev/outbox', headers: { cookie: `lm_session=${cookie}` } });
      assert.equal(res.statusCode, 404);
    } finally {
      await app.close();
      await testDb.close();
    }
  });
});
