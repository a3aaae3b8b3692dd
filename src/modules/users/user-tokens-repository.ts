/**
 * One-time links e-mailed to staff: invitations (7 days) and password resets (1 hour).
 * Only the SHA-256 of the secret is stored; the link carries `<tenant id>.<secret>`.
 */
import type { TenantTx } from '../../db/tenancy.ts';
import type { UserTokenPurpose } from '../../db/schema.ts';
import { formatTenantToken, hashSecret, newSecret } from '../../lib/tokens.ts';

export const TOKEN_LIFETIME_MS: Record<UserTokenPurpose, number> = {
  invitation: 7 * 24 * 60 * 60 * 1000,
  password_reset: 60 * 60 * 1000,
};

/** Stores a new token and returns the value that goes into the link. */
export async function issueUserToken(trx: TenantTx, tenantId: string, userId: string, purpose: UserTokenPurpose, now: Date): Promise<string> {
  const secret = newSecret();
  await trx
    .insertInto('user_tokens')
    .values({
      tenant_id: tenantId,
      user_id: userId,
      purpose,
      token_hash: hashSecret(secret),
      created_at: now,
      expires_at: new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]),
      used_at: null,
    })
    .execute();
  return formatTenantToken(tenantId, secret);
}

export interface StoredToken {
  id: string;
  userId: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Looks a token up by its secret whatever its state; the caller decides what expired/used mean. */
export async function findUserToken(
  trx: TenantTx,
  tenantId: string,
  secret: string,
  purpose: UserTokenPurpose,
  options: { forUpdate?: boolean } = {},
): Promise<StoredToken | undefined> {
  let query = trx
    .selectFrom('user_tokens')
    .select(['id', 'user_id as userId', 'expires_at as expiresAt', 'used_at as usedAt'])
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', hashSecret(secret))
    .where('purpose', '=', purpose);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function markTokenUsed(trx: TenantTx, tenantId: string, tokenId: string, now: Date): Promise<void> {
  await trx.updateTable('user_tokens').set({ used_at: now }).where('tenant_id', '=', tenantId).where('id', '=', tokenId).execute();
}

/** Voids every unused link of one user (deactivation, a new password set). */
export async function voidUserTokens(trx: TenantTx, tenantId: string, userId: string, now: Date, purpose?: UserTokenPurpose): Promise<void> {
  let query = trx.updateTable('user_tokens').set({ used_at: now }).where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('used_at', 'is', null);
  if (purpose) query = query.where('purpose', '=', purpose);
  await query.execute();
}
