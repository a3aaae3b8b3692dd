/**
 * Platform operator sessions, in their own table and cookie, never mixed with staff
 * sessions. Only the SHA-256 of the cookie secret is stored.
 */
import type { PlatformTx } from '../../db/tenancy.ts';
import { hashSecret, newSecret } from '../../lib/tokens.ts';

/** Operators hold the keys to every tenant, so their sessions are short. */
export const PLATFORM_SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

/** Returns the secret for the cookie. */
export async function createPlatformSession(trx: PlatformTx, adminId: string, now: Date): Promise<string> {
  const secret = newSecret();
  await trx
    .insertInto('platform_sessions')
    .values({
      admin_id: adminId,
      token_hash: hashSecret(secret),
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + PLATFORM_SESSION_LIFETIME_MS),
    })
    .execute();
  return secret;
}

export interface PlatformSessionRow {
  sessionId: string;
  adminId: string;
  email: string;
  name: string;
  lastSeenAt: Date;
}

export async function findPlatformSession(trx: PlatformTx, secret: string, now: Date): Promise<PlatformSessionRow | undefined> {
  return trx
    .selectFrom('platform_sessions as s')
    .innerJoin('platform_admins as a', 'a.id', 's.admin_id')
    .select(['s.id as sessionId', 's.last_seen_at as lastSeenAt', 'a.id as adminId', 'a.email', 'a.name'])
    .where('s.token_hash', '=', hashSecret(secret))
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
}

export async function touchPlatformSession(trx: PlatformTx, session: PlatformSessionRow, now: Date): Promise<void> {
  if (now.getTime() - session.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) return;
  await trx.updateTable('platform_sessions').set({ last_seen_at: now }).where('id', '=', session.sessionId).execute();
}

export async function deletePlatformSession(trx: PlatformTx, sessionId: string): Promise<void> {
  await trx.deleteFrom('platform_sessions').where('id', '=', sessionId).execute();
}
