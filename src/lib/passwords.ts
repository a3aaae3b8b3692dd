/** Staff and operator passwords: argon2id with the library's current recommended cost. */
import { hash, verify } from '@node-rs/argon2';
import { fieldError } from './errors.ts';

export const MIN_PASSWORD_LENGTH = 10;

export function checkPasswordRules(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw fieldError(field, 'min_length', `Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > 200) throw fieldError(field, 'max_length', 'Password must be at most 200 characters');
}

export function hashPassword(password: string): Promise<string> {
  // Algorithm 2 is argon2id.
  return hash(password, { algorithm: 2 });
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash to verify against when the account does not exist, so a missing e-mail costs the
 * same time as a wrong password and response times do not reveal who has an account.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('lastmile-timing-equaliser');
  return dummyHash;
}
