import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { asStaff, createTestApp, outbox, signUpTenant, type TestApp } from '../../../test/helpers/app.ts';
import { withPlatform, withTenant } from '../../db/tenancy.ts';
import { cookiesOf, csrfFrom } from '../../../test/helpers/forms.ts';

async function submit(t: TestApp, getUrl: string, postUrl: string, fields: Record<string, string>) {
  const page = await t.app.inject({ method: 'GET', url: getUrl });
  if (page.statusCode !== 200) return page;
  return t.app.inject({
    method: 'POST',
    url: postUrl,
    headers: { cookie: cookiesOf(page), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfFrom(page.body), ...fields }).toString(),
  });
}

const forgot = (t: TestApp, email: string) => submit(t, '/forgot-password', '/forgot-password', { email });
const login = (t: TestApp, email: string, password: string) => submit(t, '/login', '/login', { email, password });

function resetLink(text: string): string {
  const m = /http:\/\/localhost:\d+(\/reset-password\?token=\S+)/.exec(text);
  assert.ok(m?.[1], 'mail holds a reset link');
  return m[1];
}

function outboxFiles(t: TestApp): string[] {
  const root = path.join(t.dataDir, 'outbox');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
}

describe('password reset', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  it('end to end: old sessions die, old password fails, new password works, lockout cleared', async () => {
    const owner = await signUpTenant(t, { email: 'reset@isp.test' });
    assert.equal((await asStaff(t, owner, { method: 'GET', url: '/app' })).statusCode, 200);
    await withTenant(t.app.db, owner.tenantId, (trx) =>
      trx
        .updateTable('users')
        .set({ locked_until: new Date(t.clock.now().getTime() + 600_000), failed_sign_in_count: 3 })
        .where('tenant_id', '=', owner.tenantId)
        .where('id', '=', owner.userId)
        .execute(),
    );

    const asked = await forgot(t, 'Reset@ISP.test');
    assert.equal(asked.statusCode, 200);
    assert.match(asked.body, /If an account exists for that email/);
    const mails = (await outbox(t, owner.tenantId)).filter((m) => m.to === 'reset@isp.test');
    assert.equal(mails.length, 1);
    const link = resetLink(mails[0]?.text ?? '');
    const token = await withPlatform(t.app.db, (trx) => trx.selectFrom('user_tokens').selectAll().where('user_id', '=', owner.userId).where('purpose', '=', 'password_reset').executeTakeFirstOrThrow());
    assert.equal(token.expires_at.getTime(), t.clock.now().getTime() + 3600_000);

    const mismatch = await submit(t, link, '/reset-password', { token: link.split('token=')[1] ?? '', password: 'brand new secret', passwordConfirm: 'brand new secreT' });
    assert.equal(mismatch.statusCode, 422);
    assert.equal((await asStaff(t, owner, { method: 'GET', url: '/app' })).statusCode, 200, 'nothing changed yet');

    const done = await submit(t, link, '/reset-password', { token: link.split('token=')[1] ?? '', password: 'brand new secret', passwordConfirm: 'brand new secret' });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/login?notice=password_set');

    const old = await asStaff(t, owner, { method: 'GET', url: '/app' });
    assert.equal(old.statusCode, 302);
    assert.equal((await login(t, 'reset@isp.test', 'correct horse battery')).statusCode, 401);
    assert.equal((await login(t, 'reset@isp.test', 'brand new secret')).statusCode, 303, 'lockout was cleared');

    const used = await t.app.inject({ method: 'GET', url: link });
    assert.equal(used.statusCode, 410);
    const audit = await withPlatform(t.app.db, (trx) =>
      trx.selectFrom('audit_events').select(['action', 'actor_type']).where('tenant_id', '=', owner.tenantId).where('action', 'like', 'auth.password_reset%').orderBy('occurred_at').execute(),
    );
    assert.deepEqual(audit.map((a) => `${a.action}/${a.actor_type}`).sort(), ['auth.password_reset/user', 'auth.password_reset_requested/anonymous']);
  });

  it('answers the same for an unknown email and sends nothing', async () => {
    const known = await signUpTenant(t, { email: 'known@isp.test' });
    const filesBefore = outboxFiles(t);
    const unknown = await forgot(t, 'nobody@isp.test');
    assert.equal(unknown.statusCode, 200);
    assert.deepEqual(outboxFiles(t), filesBefore);
    const existing = await forgot(t, 'known@isp.test');
    const notice = (html: string) => /<p class="notice">([^<]*)<\/p>/.exec(html)?.[1];
    assert.ok(notice(unknown.body));
    assert.equal(notice(unknown.body), notice(existing.body));
    assert.equal(outboxFiles(t).length, filesBefore.length + 1);
    assert.equal((await outbox(t, known.tenantId)).length, 1);
  });

  it('sends one link per company that knows the address, and skips deactivated staff', async () => {
    const a = await signUpTenant(t, { email: 'multi@isp.test' });
    const b = await signUpTenant(t, { email: 'multi@isp.test' });
    const c = await signUpTenant(t, { email: 'multi@isp.test' });
    await withTenant(t.app.db, c.tenantId, (trx) => trx.updateTable('users').set({ status: 'deactivated' }).where('tenant_id', '=', c.tenantId).where('id', '=', c.userId).execute());
    await forgot(t, 'multi@isp.test');
    assert.equal((await outbox(t, a.tenantId)).length, 1);
    assert.equal((await outbox(t, b.tenantId)).length, 1);
    assert.equal((await outbox(t, c.tenantId)).length, 0);
  });

  it('an expired link gives 410 and changes nothing', async () => {
    const owner = await signUpTenant(t, { email: 'slow@isp.test' });
    await forgot(t, 'slow@isp.test');
    const link = resetLink((await outbox(t, owner.tenantId))[0]?.text ?? '');
    t.clock.advance(61 * 60 * 1000);
    const res = await t.app.inject({ method: 'GET', url: link });
    assert.equal(res.statusCode, 410);
    assert.match(res.body, /has expired/);
    const bad = await t.app.inject({ method: 'GET', url: '/reset-password?token=garbage' });
    assert.equal(bad.statusCode, 400);
  });
});
