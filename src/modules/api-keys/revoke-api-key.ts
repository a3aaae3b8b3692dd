/**
 * Revokes an API key. Effective at once: the next request with it is refused (401), because
 * every request looks the key up again. Revoking a revoked key changes nothing.
 */
import type { TenantContext } from '../context.ts';
import { assertCan } from '../context.ts';
import { isUuid } from '../../db/tenancy.ts';
import { notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { findApiKeyRecord, markRevoked, type ApiKeyRecord } from './api-keys-repository.ts';

export async function revokeApiKey(ctx: TenantContext, input: { id: string }): Promise<ApiKeyRecord> {
  assertCan(ctx.actor, 'api_keys.manage');
  const current = isUuid(input.id) ? await findApiKeyRecord(ctx.trx, ctx.tenantId, input.id) : undefined;
  if (!current) throw notFound('API key');
  if (current.revokedAt) return current;
  const now = ctx.now();
  await markRevoked(ctx.trx, ctx.tenantId, current.id, now);
  await recordAuditEvent(ctx, {
    action: 'api_key.revoked',
    entityType: 'api_key',
    entityId: current.id,
    before: { name: current.name, revokedAt: null },
    after: { name: current.name, revokedAt: now.toISOString() },
  });
  return { ...current, revokedAt: now };
}
