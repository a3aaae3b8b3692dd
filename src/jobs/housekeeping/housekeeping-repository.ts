/** Deletes of expired authentication rows, one tenant at a time. */
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
