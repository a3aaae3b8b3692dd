import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, signUpTenant, type TestApp } from '../../../test/helpers/app.ts';
import { withPlatform, withTenant } from '../../db/tenancy.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { cookiesOf, csrfFrom } from '../../../test/helpers/forms.ts';

async function login(t: TestApp, fields: Record<string, string>) {
  const page = await t.app.inject({ method: 'GET', url: '/login' });
  return t.app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: cookiesOf(page), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfFrom(page.body), ...fields }).toString(),
  });
}

const PASSWORD = 'correct horse battery';

async function countWhere(t: TestApp, table: 'sessions' | 'audit_events', tenantId: string, action?: string): Promise<number> {
  return withPlatform(t.app.db, async (trx) => {
    let q = trx.selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n')).where('tenant_id', '=', tenantId);
    if (action) q = q.where('action' as never, '=', action as never);
    return Number((await q.executeTakeFirstOrThrow()).n);
  });
}

describe('staff sign-in', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  it('locks the account for 15 minutes after 5 failures, auditing each failure', async () => {
    const owner = await signUpTenant(t, { email: 'lock@isp.test' });
    for (let i = 1; i <= 5; i++) {
      const res = await login(t, { email: 'lock@isp.test', password: `wrong password ${i}` });
      assert.equal(res.statusCode, 401, `attempt ${i}`);
    }
    const failures = await withPlatform(t.app.db, (trx) =>
      trx.selectFrom('audit_events').selectAll().where('tenant_id', '=', owner.tenantId).where('action', '=', 'auth.sign_in_failed').orderBy('occurred_at').execute(),
    );
    assert.equal(failures.length, 5);
    // The test clock stands still, so order by the counter each entry recorded.
    const counts = failures.map((f) => f.after as { failedCount: number; locked: boolean }).sort((x, y) => x.failedCount - y.failedCount);
    assert.deepEqual(counts.map((c) => c.failedCount), [1, 2, 3, 4, 5]);
    assert.deepEqual(counts[4], { failedCount: 5, locked: true });
    assert.equal(failures[0]?.entity_id, owner.userId);

    const locked = await login(t, { email: 'lock@isp.test', password: PASSWORD });
    assert.equal(locked.statusCode, 429);
    assert.match(locked.body, /Try again in 15 minutes/);
    assert.equal(await countWhere(t, 'audit_events', owner.tenantId, 'auth.signed_in'), 0);

    t.clock.advance(15 * 60 * 1000 + 1000);
    const ok = await login(t, { email: 'lock@isp.test', password: PASSWORD });
    assert.equal(ok.statusCode, 303);
    assert.equal(await countWhere(t, 'audit_events', owner.tenantId, 'auth.signed_in'), 1);
  });

  it('an email at two companies: no session anywhere until one is picked, then only there', async () => {
    const one = await signUpTenant(t, { companyName: 'First Fiber', email: 'both@isp.test' });
    const two = await signUpTenant(t, { companyName: 'Second Wireless', email: 'both@isp.test' });
    const before = [await countWhere(t, 'sessions', one.tenantId), await countWhere(t, 'sessions', two.tenantId)];

    const ask = await login(t, { email: 'both@isp.test', password: PASSWORD });
    assert.equal(ask.statusCode, 200);
    assert.match(ask.body, /Choose the company/);
    assert.match(ask.body, /<option value="first-fiber">First Fiber<\/option>/);
    assert.match(ask.body, /<option value="second-wireless">Second Wireless<\/option>/);
    assert.doesNotMatch(String(ask.headers['set-cookie'] ?? ''), /lm_session=/);
    assert.deepEqual([await countWhere(t, 'sessions', one.tenantId), await countWhere(t, 'sessions', two.tenantId)], before);
    assert.equal(await countWhere(t, 'audit_events', one.tenantId, 'auth.signed_in'), 0);
    assert.equal(await countWhere(t, 'audit_events', two.tenantId, 'auth.signed_in'), 0);

    const picked = await login(t, { email: 'both@isp.test', password: PASSWORD, company: 'second-wireless' });
    assert.equal(picked.statusCode, 303);
    assert.equal(await countWhere(t, 'sessions', one.tenantId), before[0]);
    assert.equal(await countWhere(t, 'sessions', two.tenantId), (before[1] ?? 0) + 1);
    assert.equal(await countWhere(t, 'audit_events', one.tenantId, 'auth.signed_in'), 0);
    assert.equal(await countWhere(t, 'audit_events', two.tenantId, 'auth.signed_in'), 1);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookiesOf(picked) } });
    assert.equal(me.json().tenant.id, two.tenantId);

    // A password no company accepts counts as a failure at every company of the address.
    await login(t, { email: 'both@isp.test', password: 'not the password' });
    assert.equal(await countWhere(t, 'audit_events', one.tenantId, 'auth.sign_in_failed'), 1);
    assert.equal(await countWhere(t, 'audit_events', two.tenantId, 'auth.sign_in_failed'), 1);
  });

  it('an email at two companies with different passwords: signing in to one never counts against the other', async () => {
    await signUpTenant(t, { companyName: 'Alpha Net', email: 'split@isp.test' });
    const two = await signUpTenant(t, { companyName: 'Beta Net', email: 'split@isp.test' });
    const otherHash = await hashPassword('a different password 2');
    await withTenant(t.app.db, two.tenantId, (trx) => trx.updateTable('users').set({ password_hash: otherHash }).where('tenant_id', '=', two.tenantId).where('id', '=', two.userId).execute());
    for (let i = 0; i < 6; i++) {
      const res = await login(t, { email: 'split@isp.test', password: PASSWORD });
      assert.equal(res.statusCode, 303, 'lands at Alpha Net, the only company that accepts it');
    }
    assert.equal(await countWhere(t, 'audit_events', two.tenantId, 'auth.sign_in_failed'), 0);
    const beta = await login(t, { email: 'split@isp.test', password: 'a different password 2' });
    assert.equal(beta.statusCode, 303, 'Beta Net is not locked');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookiesOf(beta) } });
    assert.equal(me.json().tenant.id, two.tenantId);
  });

  it('an email at two companies, one suspended: its right password hears "suspended" and costs the other nothing', async () => {
    const open = await signUpTenant(t, { companyName: 'Open Fiber', email: 'two@isp.test' });
    const closed = await signUpTenant(t, { companyName: 'Closed Fiber', email: 'two@isp.test' });
    const closedHash = await hashPassword('closed company password');
    await withTenant(t.app.db, closed.tenantId, (trx) => trx.updateTable('users').set({ password_hash: closedHash }).where('tenant_id', '=', closed.tenantId).where('id', '=', closed.userId).execute());
    await withPlatform(t.app.db, (trx) => trx.updateTable('tenants').set({ status: 'suspended' }).where('id', '=', closed.tenantId).execute());
    const res = await login(t, { email: 'two@isp.test', password: 'closed company password' });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /suspended/);
    assert.equal(await countWhere(t, 'audit_events', open.tenantId, 'auth.sign_in_failed'), 0);
    assert.equal(await countWhere(t, 'audit_events', closed.tenantId, 'auth.sign_in_refused_suspended'), 1);
  });

  it('refuses staff of a suspended company after checking the password', async () => {
    const owner = await signUpTenant(t, { email: 'suspended@isp.test' });
    await withPlatform(t.app.db, (trx) => trx.updateTable('tenants').set({ status: 'suspended' }).where('id', '=', owner.tenantId).execute());
    const res = await login(t, { email: 'suspended@isp.test', password: PASSWORD });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /suspended/);
    assert.equal(await countWhere(t, 'audit_events', owner.tenantId, 'auth.sign_in_refused_suspended'), 1);
    const wrong = await login(t, { email: 'suspended@isp.test', password: 'not the password' });
    assert.equal(wrong.statusCode, 401);
  });
});
