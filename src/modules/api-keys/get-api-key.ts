/** One API key of the tenant (never its secret or hash). */
import type { TenantContext } from '../context.ts';
import { assertCan } from '../context.ts';
import { isUuid } from '../../db/tenancy.ts';
import { notFound } from '../../lib/errors.ts';
import { findApiKeyRecord, type ApiKeyRecord } from './api-keys-repository.ts';

export async function getApiKey(ctx: TenantContext, input: { id: string }): Promise<ApiKeyRecord> {
  assertCan(ctx.actor, 'api_keys.manage');
  const found = isUuid(input.id) ? await findApiKeyRecord(ctx.trx, ctx.tenantId, input.id) : undefined;
  if (!found) throw notFound('API key');
  return found;
}
