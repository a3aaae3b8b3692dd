/**
 * Platform operator sign-in by e-mail and password (argon2id). Every failure gives the same
 * message, and a missing address costs the same password check as a wrong password, so the
 * response does not reveal who is an operator. Successes and failures against a real
 * operator are written to the platform audit log.
 *
 * Five wrong passwords in a row lock the operator out for 15 minutes (as staff accounts,
 * src/modules/auth/sign-in.ts), on top of the per-IP throttle on the form: the lockout holds
 * however many networks the guesses come from. A success resets the count.
 */
import type { Database } from '../../db/database.ts';
import { withPlatform } from '../../db/tenancy.ts';
import { AppError } from '../../lib/errors.ts';
import { dummyPasswordHash, verifyPassword } from '../../lib/passwords.ts';
import { normaliseEmail } from '../../lib/validate.ts';
import { createPlatformSession } from './platform-sessions-repository.ts';
import { recordPlatformAuditEvent } from './record-platform-audit-event.ts';

export const MAX_FAILED_OPERATOR_SIGN_INS = 5;
export const OPERATOR_LOCKOUT_MS = 15 * 60 * 1000;

export interface SignInOperatorInput {
  email: string;
  password: string;
  ip?: string | undefined;
}

export interface SignInOperatorDeps {
  db: Database;
  now: () => Date;
  requestId?: string | undefined;
}

export const invalidOperatorCredentials = () => new AppError(401, 'invalid_credentials', 'Email or password is incorrect');

function operatorLocked(lockedUntil: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60000));
  return new AppError(429, 'account_locked', `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
}

type Outcome = { ok: true; secret: string } | { ok: false; error: AppError };

/** Returns the session secret for the `lm_platform` cookie. */
export async function signInOperator(deps: SignInOperatorDeps, input: SignInOperatorInput): Promise<string> {
  const email = normaliseEmail(input.email);
  const password = typeof input.password === 'string' ? input.password : '';
  if (!email || !password) throw invalidOperatorCredentials();

  // One transaction holding the operator's row lock from the read of the counter to its
  // update, so concurrent guesses are counted one by one. A failure returns (not throws) its
  // error, so the counter and the audit entry are committed.
  const outcome = await withPlatform(
    deps.db,
    async (trx): Promise<Outcome | undefined> => {
      const admin = await trx
        .selectFrom('platform_admins')
        .select(['id', 'password_hash', 'failed_sign_in_count', 'locked_until'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
        .forUpdate()
        .executeTakeFirst();
      if (!admin) return undefined;
      const now = deps.now();
      const audit = { adminId: admin.id, occurredAt: now, ip: input.ip, requestId: deps.requestId };

      if (admin.locked_until && admin.locked_until > now) {
        await verifyPassword(await dummyPasswordHash(), password);
        await recordPlatformAuditEvent(trx, { ...audit, action: 'platform.sign_in_refused_locked', details: { lockedUntil: admin.locked_until.toISOString() } });
        return { ok: false, error: operatorLocked(admin.locked_until, now) };
      }
      if (!(await verifyPassword(admin.password_hash, password))) {
        const failed = admin.failed_sign_in_count + 1;
        const lock = failed >= MAX_FAILED_OPERATOR_SIGN_INS;
        await trx
          .updateTable('platform_admins')
          .set({ failed_sign_in_count: lock ? 0 : failed, locked_until: lock ? new Date(now.getTime() + OPERATOR_LOCKOUT_MS) : null })
          .where('id', '=', admin.id)
          .execute();
        await recordPlatformAuditEvent(trx, { ...audit, action: 'platform.sign_in_failed', details: { failedCount: failed, locked: lock } });
        return { ok: false, error: invalidOperatorCredentials() };
      }
      await trx.updateTable('platform_admins').set({ last_sign_in_at: now, failed_sign_in_count: 0, locked_until: null }).where('id', '=', admin.id).execute();
      await recordPlatformAuditEvent(trx, { ...audit, action: 'platform.signed_in' });
      return { ok: true, secret: await createPlatformSession(trx, admin.id, now) };
    },
    { requestId: deps.requestId },
  );
  if (!outcome) {
    await verifyPassword(await dummyPasswordHash(), password);
    throw invalidOperatorCredentials();
  }
  if (!outcome.ok) throw outcome.error;
  return outcome.secret;
}
