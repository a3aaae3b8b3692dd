/** API keys of one tenant. Only the SHA-256 of each secret is stored. */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';

export interface ApiKeyRecord {
  id: string;
  name: string;
  keyPrefix: string;
  permissions: string[];
  createdBy: { id: string; name: string } | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function baseQuery(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('api_keys')
    .leftJoin('users', (join) => join.onRef('users.tenant_id', '=', 'api_keys.tenant_id').onRef('users.id', '=', 'api_keys.created_by'))
    .select([
      'api_keys.id',
      'api_keys.name',
      'api_keys.key_prefix',
      'api_keys.permissions',
      'api_keys.created_by',
      'users.name as creator_name',
      'api_keys.created_at',
      'api_keys.last_used_at',
      'api_keys.revoked_at',
    ])
    .where('api_keys.tenant_id', '=', tenantId);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toRecord(r: Row): ApiKeyRecord {
  return {
    id: r.id,
    name: r.name,
    keyPrefix: r.key_prefix,
    permissions: r.permissions,
    createdBy: r.created_by ? { id: r.created_by, name: r.creator_name ?? '' } : null,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

/**
 * Newest first. `after` is the last row's (created_at as PostgreSQL prints it, id), so the
 * keyset comparison is exact to the microsecond whoever inserted the row.
 */
export async function listApiKeyRecords(
  trx: TenantTx,
  tenantId: string,
  page: { limit: number; after?: { createdKey: string; id: string } | undefined },
): Promise<(ApiKeyRecord & { createdKey: string })[]> {
  let query = baseQuery(trx, tenantId).select(sql<string>`api_keys.created_at::text`.as('created_key'));
  const after = page.after;
  if (after) query = query.where(sql<boolean>`(api_keys.created_at, api_keys.id) < (${after.createdKey}::timestamptz, ${after.id}::uuid)`);
  const rows = await query.orderBy('api_keys.created_at', 'desc').orderBy('api_keys.id', 'desc').limit(page.limit + 1).execute();
  return rows.map((r) => ({ ...toRecord(r), createdKey: r.created_key }));
}

export async function findApiKeyRecord(trx: TenantTx, tenantId: string, id: string): Promise<ApiKeyRecord | undefined> {
  const row = await baseQuery(trx, tenantId).where('api_keys.id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function insertApiKey(
  trx: TenantTx,
  values: { tenantId: string; name: string; keyPrefix: string; keyHash: string; permissions: string[]; createdBy: string | null; now: Date },
): Promise<string> {
  const row = await trx
    .insertInto('api_keys')
    .values({
      tenant_id: values.tenantId,
      name: values.name,
      key_prefix: values.keyPrefix,
      key_hash: values.keyHash,
      permissions: values.permissions,
      created_by: values.createdBy,
      created_at: values.now,
      last_used_at: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markRevoked(trx: TenantTx, tenantId: string, id: string, now: Date): Promise<void> {
  await trx.updateTable('api_keys').set({ revoked_at: now }).where('tenant_id', '=', tenantId).where('id', '=', id).where('revoked_at', 'is', null).execute();
}
