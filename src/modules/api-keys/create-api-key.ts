/**
 * Creates an API key for integrations. The full key is returned once, here, and never again:
 * only its SHA-256 and a short prefix (to tell keys apart in lists) are stored. A person can
 * grant a key only permissions they hold themselves.
 */
import type { TenantContext } from '../context.ts';
import { assertCan } from '../context.ts';
import { Problems, cleanText, checkRequiredText } from '../../lib/validate.ts';
import { formatApiKey, hashSecret, newSecret } from '../../lib/tokens.ts';
import { isPermission } from '../roles/permissions.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { findApiKeyRecord, insertApiKey, type ApiKeyRecord } from './api-keys-repository.ts';

export interface CreateApiKeyInput {
  name: string;
  /** Permission names; each must exist and be held by the creator. */
  permissions: string[];
}

export interface CreatedApiKey {
  apiKey: ApiKeyRecord;
  /** The whole key, to show once. */
  key: string;
}

export const KEY_PREFIX_LENGTH = 8;

export async function createApiKey(ctx: TenantContext, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  assertCan(ctx.actor, 'api_keys.manage');
  const name = cleanText(input.name);
  const permissions = [...new Set(input.permissions)].sort();

  const problems = new Problems();
  checkRequiredText(problems, 'name', 'Name', name, 100);
  if (permissions.length === 0) problems.add('permissions', 'required', 'Choose at least one permission');
  permissions.forEach((permission, i) => {
    if (!isPermission(permission)) problems.add(`permissions.${i}`, 'unknown', `“${permission}” is not a permission`);
    else if (!ctx.actor.permissions.has(permission)) problems.add(`permissions.${i}`, 'not_held', `You cannot grant “${permission}” because you do not hold it`);
  });
  problems.throwIfAny();

  const secret = newSecret();
  const id = await insertApiKey(ctx.trx, {
    tenantId: ctx.tenantId,
    name,
    keyPrefix: secret.slice(0, KEY_PREFIX_LENGTH),
    keyHash: hashSecret(secret),
    permissions,
    createdBy: ctx.actor.type === 'user' ? ctx.actor.id : null,
    now: ctx.now(),
  });
  const apiKey = await findApiKeyRecord(ctx.trx, ctx.tenantId, id);
  if (!apiKey) throw new Error('the new API key was not found');
  await recordAuditEvent(ctx, { action: 'api_key.created', entityType: 'api_key', entityId: id, after: { name, keyPrefix: apiKey.keyPrefix, permissions } });
  return { apiKey, key: formatApiKey(ctx.tenantId, secret) };
}
