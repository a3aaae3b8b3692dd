/**
 * Resolving an e-mailed link (invitation or password reset) to its token row, with a clear
 * answer for each way it can fail: never valid (400), or valid once but spent or out of
 * date (410 Gone).
 */
import type { TenantTx } from '../../db/tenancy.ts';
import type { UserTokenPurpose } from '../../db/schema.ts';
import { AppError } from '../../lib/errors.ts';
import { checkPasswordRules } from '../../lib/passwords.ts';
import { Problems } from '../../lib/validate.ts';
import { findUserToken, type StoredToken } from './user-tokens-repository.ts';

const WORDS: Record<UserTokenPurpose, { what: string; again: string }> = {
  invitation: { what: 'invitation link', again: 'Ask whoever invited you to send a new invitation.' },
  password_reset: { what: 'password reset link', again: 'Ask for a new one on the “Forgot your password?” page.' },
};

export function invalidLink(purpose: UserTokenPurpose): AppError {
  const w = WORDS[purpose];
  return new AppError(400, `${purpose}_invalid`, `This ${w.what} is not valid. Check that you copied all of it. ${w.again}`);
}

export async function resolveLink(
  trx: TenantTx,
  tenantId: string,
  secret: string,
  purpose: UserTokenPurpose,
  now: Date,
  options: { forUpdate?: boolean } = {},
): Promise<StoredToken> {
  const token = await findUserToken(trx, tenantId, secret, purpose, options);
  const w = WORDS[purpose];
  if (!token) throw invalidLink(purpose);
  if (token.usedAt) throw new AppError(410, `${purpose}_used`, `This ${w.what} has already been used. ${w.again}`);
  if (token.expiresAt <= now) throw new AppError(410, `${purpose}_expired`, `This ${w.what} has expired. ${w.again}`);
  return token;
}

/** The "choose a password" form: both entries, same rules as sign-up. */
export function checkNewPassword(password: unknown, confirm: unknown): string {
  const value = typeof password === 'string' ? password : '';
  const problems = new Problems();
  try {
    checkPasswordRules(value);
  } catch (err) {
    if (err instanceof AppError) problems.list.push(...err.fields);
    else throw err;
  }
  if (problems.list.length === 0 && confirm !== value) problems.add('passwordConfirm', 'mismatch', 'The two passwords do not match');
  problems.throwIfAny();
  return value;
}

