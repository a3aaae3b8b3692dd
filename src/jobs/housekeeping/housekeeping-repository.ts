/** Deletes of expired rows (sessions, tokens, idempotency keys), one tenant at a time. */
import type { TenantTx } from '../../db/tenancy.ts';

export async function deleteExpiredSessions(trx: TenantTx, tenantId: string, now: Date): Promise<number> {
  const result = await trx.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Invitation and reset tokens that expired, or were used before `usedBefore`. */
export async function deleteStaleUserTokens(trx: TenantTx, tenantId: string, now: Date, usedBefore: Date): Promise<number> {
  const result = await trx
    .deleteFrom('user_tokens')
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('used_at', '<=', usedBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Idempotency keys older than `before`. A client retries within minutes or hours; a week
 * later the key only costs space, and the payment it guarded is long in the ledger.
 */
export async function deleteOldIdempotencyKeys(trx: TenantTx, tenantId: string, before: Date): Promise<number> {
  const result = await trx.deleteFrom('idempotency_keys').where('tenant_id', '=', tenantId).where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
