/**
 * The signed-in staff member's own account and sessions. Every query is keyed by the
 * tenant and the user id taken from the session, never by an id from the request.
 */
import type { TenantTx } from '../../db/tenancy.ts';

export interface OwnAccount {
  id: string;
  name: string;
  email: string;
  isOwner: boolean;
  roleName: string;
  companyName: string;
}

export async function findOwnAccount(trx: TenantTx, tenantId: string, userId: string): Promise<OwnAccount | undefined> {
  return trx
    .selectFrom('users as u')
    .innerJoin('roles as r', (j) => j.onRef('r.tenant_id', '=', 'u.tenant_id').onRef('r.id', '=', 'u.role_id'))
    .innerJoin('tenants as t', 't.id', 'u.tenant_id')
    .select(['u.id', 'u.name', 'u.email', 'u.is_owner as isOwner', 'r.name as roleName', 't.name as companyName'])
    .where('u.tenant_id', '=', tenantId)
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/** The row a password change works on, locked so two changes cannot interleave. */
export async function lockOwnPassword(trx: TenantTx, tenantId: string, userId: string): Promise<{ id: string; passwordHash: string | null } | undefined> {
  return trx
    .selectFrom('users')
    .select(['id', 'password_hash as passwordHash'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .where('status', '=', 'active')
    .forUpdate()
    .executeTakeFirst();
}

export async function setOwnName(trx: TenantTx, tenantId: string, userId: string, name: string, now: Date): Promise<void> {
  await trx.updateTable('users').set({ name, updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', userId).execute();
}

export interface OwnSession {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** Unexpired sessions, most recently used first. */
export async function listOwnSessions(trx: TenantTx, tenantId: string, userId: string, now: Date): Promise<OwnSession[]> {
  return trx
    .selectFrom('sessions')
    .select(['id', 'created_at as createdAt', 'last_seen_at as lastSeenAt', 'ip', 'user_agent as userAgent'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Ends every session of the user except the one given; returns how many ended. */
export async function deleteOtherSessions(trx: TenantTx, tenantId: string, userId: string, keepSessionId: string): Promise<number> {
  const result = await trx
    .deleteFrom('sessions')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('id', '!=', keepSessionId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
