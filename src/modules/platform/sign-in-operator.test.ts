import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { withPlatform } from '../../db/tenancy.ts';
import { AppError } from '../../lib/errors.ts';
import { OPERATOR_PASSWORD, createOperator, postPlatformLogin, setCookies } from './platform-test-helpers.ts';
import { MAX_FAILED_OPERATOR_SIGN_INS, OPERATOR_LOCKOUT_MS, signInOperator } from './sign-in-operator.ts';

describe('operator lockout', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  const deps = () => ({ db: t.app.db, now: t.clock.now });
  const attempt = async (email: string, password: string): Promise<string> => {
    try {
      await signInOperator(deps(), { email, password, ip: '198.51.100.7' });
      return 'signed_in';
    } catch (err) {
      assert.ok(err instanceof AppError, String(err));
      return `${err.status} ${err.code}`;
    }
  };
  const adminRow = (id: string) =>
    withPlatform(t.app.db, (trx) => trx.selectFrom('platform_admins').select(['failed_sign_in_count', 'locked_until', 'last_sign_in_at']).where('id', '=', id).executeTakeFirstOrThrow());
  const auditOf = (id: string) =>
    withPlatform(t.app.db, (trx) =>
      trx.selectFrom('platform_audit_events').select(['action', 'details', 'ip']).where('admin_id', '=', id).where('action', '!=', 'platform_admin.created').orderBy('occurred_at').orderBy('id').execute(),
    );
  const sessionsOf = (id: string) => withPlatform(t.app.db, (trx) => trx.selectFrom('platform_sessions').select('id').where('admin_id', '=', id).execute());

  it('locks the operator for 15 minutes after five wrong passwords, refusing even the right one, then lets them in', async () => {
    const admin = await createOperator(t);
    for (let i = 1; i <= MAX_FAILED_OPERATOR_SIGN_INS; i++) {
      assert.equal(await attempt(admin.email, `wrong ${i}`), '401 invalid_credentials', `attempt ${i}`);
      t.clock.advance(1000);
    }
    const locked = await adminRow(admin.id);
    assert.equal(locked.failed_sign_in_count, 0, 'the count starts again after the lock');
    assert.equal(locked.locked_until?.getTime(), t.clock.now().getTime() - 1000 + OPERATOR_LOCKOUT_MS);

    assert.equal(await attempt(admin.email, OPERATOR_PASSWORD), '429 account_locked');
    assert.equal((await sessionsOf(admin.id)).length, 0);
    assert.equal((await adminRow(admin.id)).last_sign_in_at, null);

    const audit = await auditOf(admin.id);
    assert.deepEqual(
      audit.map((a) => [a.action, a.details]),
      [
        ['platform.sign_in_failed', { failedCount: 1, locked: false }],
        ['platform.sign_in_failed', { failedCount: 2, locked: false }],
        ['platform.sign_in_failed', { failedCount: 3, locked: false }],
        ['platform.sign_in_failed', { failedCount: 4, locked: false }],
        ['platform.sign_in_failed', { failedCount: 5, locked: true }],
        ['platform.sign_in_refused_locked', { lockedUntil: locked.locked_until?.toISOString() }],
      ],
    );
    assert.ok(audit.every((a) => a.ip === '198.51.100.7'));

    t.clock.advance(OPERATOR_LOCKOUT_MS);
    assert.equal(await attempt(admin.email, OPERATOR_PASSWORD), 'signed_in');
    const after = await adminRow(admin.id);
    assert.equal(after.failed_sign_in_count, 0);
    assert.equal(after.locked_until, null);
    assert.equal((await sessionsOf(admin.id)).length, 1);
  });

  it('resets the count on a successful sign-in, so failures must be in a row to lock', async () => {
    const admin = await createOperator(t);
    for (let i = 0; i < MAX_FAILED_OPERATOR_SIGN_INS - 1; i++) assert.equal(await attempt(admin.email, 'wrong'), '401 invalid_credentials');
    assert.equal((await adminRow(admin.id)).failed_sign_in_count, MAX_FAILED_OPERATOR_SIGN_INS - 1);
    assert.equal(await attempt(admin.email, OPERATOR_PASSWORD), 'signed_in');
    assert.equal((await adminRow(admin.id)).failed_sign_in_count, 0);
    for (let i = 0; i < MAX_FAILED_OPERATOR_SIGN_INS - 1; i++) assert.equal(await attempt(admin.email, 'wrong'), '401 invalid_credentials');
    const row = await adminRow(admin.id);
    assert.equal(row.failed_sign_in_count, MAX_FAILED_OPERATOR_SIGN_INS - 1);
    assert.equal(row.locked_until, null);
    assert.equal(await attempt(admin.email, OPERATOR_PASSWORD), 'signed_in');
  });

  it('locks only the operator guessed at; another operator and unknown addresses are unaffected', async () => {
    const target = await createOperator(t);
    const bystander = await createOperator(t);
    for (let i = 0; i < MAX_FAILED_OPERATOR_SIGN_INS; i++) await attempt(target.email, 'wrong');
    assert.equal(await attempt(target.email, OPERATOR_PASSWORD), '429 account_locked');
    assert.equal(await attempt(bystander.email, OPERATOR_PASSWORD), 'signed_in');
    assert.equal((await adminRow(bystander.id)).failed_sign_in_count, 0);
    // An address that is no operator's is never "locked": it stays indistinguishable from a wrong password.
    for (let i = 0; i <= MAX_FAILED_OPERATOR_SIGN_INS; i++) assert.equal(await attempt('nobody@lastmile.test', 'wrong'), '401 invalid_credentials');
  });

  it('counts concurrent wrong guesses one by one', async () => {
    const admin = await createOperator(t);
    const results = await Promise.all(Array.from({ length: MAX_FAILED_OPERATOR_SIGN_INS + 2 }, () => attempt(admin.email, 'wrong')));
    assert.equal(results.filter((r) => r === '401 invalid_credentials').length, MAX_FAILED_OPERATOR_SIGN_INS);
    assert.equal(results.filter((r) => r === '429 account_locked').length, 2);
    const failed = (await auditOf(admin.id)).filter((a) => a.action === 'platform.sign_in_failed');
    assert.deepEqual(
      failed.map((a) => (a.details as { failedCount: number }).failedCount).sort(),
      [1, 2, 3, 4, 5],
    );
  });

  it('shows the lockout on the sign-in form as a 429 with no cookie', async () => {
    const admin = await createOperator(t);
    for (let i = 0; i < MAX_FAILED_OPERATOR_SIGN_INS; i++) assert.equal((await postPlatformLogin(t, admin.email, 'wrong')).statusCode, 401);
    const res = await postPlatformLogin(t, admin.email, OPERATOR_PASSWORD);
    assert.equal(res.statusCode, 429);
    assert.match(res.body, /Too many failed sign-ins\. Try again in 15 minutes\./);
    assert.ok(!setCookies(res).some((c) => c.startsWith('lm_platform=')));
  });
});
