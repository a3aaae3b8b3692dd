/** Staff sessions, stored server-side. Only the SHA-256 of the cookie secret is kept. */
import type { TenantTx } from '../../db/tenancy.ts';
import { formatTenantToken, hashSecret, newSecret } from '../../lib/tokens.ts';
import type { BuiltinRoleKey, UserStatus } from '../../db/schema.ts';

export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;
/** last_seen_at is refreshed at most this often, so reads stay reads. */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export interface NewSession {
  tenantId: string;
  userId: string;
  ip: string | undefined;
  userAgent: string | undefined;
  now: Date;
}

/** Returns the cookie value. */
export async function createSession(trx: TenantTx, input: NewSession): Promise<string> {
  const secret = newSecret();
  await trx
    .insertInto('sessions')
    .values({
      tenant_id: input.tenantId,
      user_id: input.userId,
      token_hash: hashSecret(secret),
      ip: input.ip ?? null,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      created_at: input.now,
      last_seen_at: input.now,
      expires_at: new Date(input.now.getTime() + SESSION_LIFETIME_MS),
    })
    .execute();
  return formatTenantToken(input.tenantId, secret);
}

export interface SessionPrincipal {
  sessionId: string;
  userId: string;
  userName: string;
  email: string;
  isOwner: boolean;
  userStatus: UserStatus;
  roleId: string;
  roleName: string;
  builtinKey: BuiltinRoleKey | null;
  rolePermissions: string[];
  tenantName: string;
  tenantSlug: string;
  tenantStatus: 'active' | 'suspended';
  lastSeenAt: Date;
}

export async function findSession(trx: TenantTx, tenantId: string, secret: string, now: Date): Promise<SessionPrincipal | undefined> {
  const row = await trx
    .selectFrom('sessions as s')
    .innerJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 's.tenant_id').onRef('u.id', '=', 's.user_id'))
    .innerJoin('roles as r', (j) => j.onRef('r.tenant_id', '=', 'u.tenant_id').onRef('r.id', '=', 'u.role_id'))
    .innerJoin('tenants as t', 't.id', 's.tenant_id')
    .select([
      's.id as sessionId',
      's.last_seen_at as lastSeenAt',
      'u.id as userId',
      'u.name as userName',
      'u.email as email',
      'u.is_owner as isOwner',
      'u.status as userStatus',
      'r.id as roleId',
      'r.name as roleName',
      'r.builtin_key as builtinKey',
      'r.permissions as rolePermissions',
      't.name as tenantName',
      't.slug as tenantSlug',
      't.status as tenantStatus',
    ])
    .where('s.tenant_id', '=', tenantId)
    .where('s.token_hash', '=', hashSecret(secret))
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
  return row;
}

export async function touchSession(trx: TenantTx, tenantId: string, principal: SessionPrincipal, now: Date): Promise<void> {
  if (now.getTime() - principal.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) return;
  await trx
    .updateTable('sessions')
    .set({ last_seen_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', principal.sessionId)
    .execute();
}

export async function deleteSessionBySecret(trx: TenantTx, tenantId: string, secret: string): Promise<void> {
  await trx.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('token_hash', '=', hashSecret(secret)).execute();
}

/** Ends every session of one user at once (deactivation, password reset). */
export async function deleteUserSessions(trx: TenantTx, tenantId: string, userId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
}
