/** The tenant's API keys, newest first, revoked ones included. */
import type { TenantContext } from '../context.ts';
import { assertCan } from '../context.ts';
import { pageFrom } from '../../lib/cursor.ts';
import { decodeTimeIdCursor } from '../../lib/keyset-cursor.ts';
import { listApiKeyRecords, type ApiKeyRecord } from './api-keys-repository.ts';

export async function listApiKeys(ctx: TenantContext, input: { limit?: number | undefined; cursor?: string | undefined }): Promise<{ items: ApiKeyRecord[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'api_keys.manage');
  const limit = input.limit ?? 50;
  const cursor = decodeTimeIdCursor(input.cursor);
  const rows = await listApiKeyRecords(ctx.trx, ctx.tenantId, { limit, after: cursor ? { createdKey: cursor.at, id: cursor.id } : undefined });
  const page = pageFrom(rows, limit, (r) => [r.createdKey, r.id]);
  return { items: page.items.map(({ createdKey: _key, ...record }) => record), nextCursor: page.nextCursor };
}
