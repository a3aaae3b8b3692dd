/**
 * Platform operator sign-in by e-mail and password (argon2id). Every failure gives the same
 * message, and a missing address costs the same password check as a wrong password, so the
 * response does not reveal who is an operator. Successes and failures against a real
 * operator are written to the platform audit log.
 */
import type { Database } from '../../db/database.ts';
import { withPlatform } from '../../db/tenancy.ts';
import { AppError } from '../../lib/errors.ts';
import { dummyPasswordHash, verifyPassword } from '../../lib/passwords.ts';
import { normaliseEmail } from '../../lib/validate.ts';
import { createPlatformSession } from './platform-sessions-repository.ts';
import { recordPlatformAuditEvent } from './record-platform-audit-event.ts';

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

/** Returns the session secret for the `lm_platform` cookie. */
export async function signInOperator(deps: SignInOperatorDeps, input: SignInOperatorInput): Promise<string> {
  const email = normaliseEmail(input.email);
  const password = typeof input.password === 'string' ? input.password : '';
  if (!email || !password) throw invalidOperatorCredentials();

  const admin = await withPlatform(deps.db, (trx) =>
    trx
      .selectFrom('platform_admins')
      .select(['id', 'password_hash'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .executeTakeFirst(),
  );
  if (!admin) {
    await verifyPassword(await dummyPasswordHash(), password);
    throw invalidOperatorCredentials();
  }
  const ok = await verifyPassword(admin.password_hash, password);
  const secret = await withPlatform(
    deps.db,
    async (trx) => {
      const now = deps.now();
      const audit = { adminId: admin.id, occurredAt: now, ip: input.ip, requestId: deps.requestId };
      if (!ok) {
        await recordPlatformAuditEvent(trx, { ...audit, action: 'platform.sign_in_failed' });
        return undefined;
      }
      await trx.updateTable('platform_admins').set({ last_sign_in_at: now }).where('id', '=', admin.id).execute();
      await recordPlatformAuditEvent(trx, { ...audit, action: 'platform.signed_in' });
      return createPlatformSession(trx, admin.id, now);
    },
    { requestId: deps.requestId },
  );
  if (!secret) throw invalidOperatorCredentials();
  return secret;
}
