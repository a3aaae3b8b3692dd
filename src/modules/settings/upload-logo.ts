/**
 * Stores the company logo (PNG or JPEG, at most 512 KB, recognised by its bytes). The audit
 * log records type and size, never the image itself.
 */
import type { TenantContext } from '../context.ts';
import { assertCan } from '../context.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { findSettings, storeLogo } from './settings-repository.ts';
import { LOGO_MAX_BYTES, sniffLogoType } from './logo.ts';

export async function uploadLogo(ctx: TenantContext, input: { bytes: Buffer | undefined }): Promise<{ contentType: string; size: number }> {
  assertCan(ctx.actor, 'settings.manage');
  const bytes = input.bytes;
  const problems = new Problems();
  const contentType = bytes ? sniffLogoType(bytes) : undefined;
  if (!bytes || bytes.length === 0) problems.add('logo', 'required', 'Choose a PNG or JPEG file');
  else if (bytes.length > LOGO_MAX_BYTES) problems.add('logo', 'max_size', 'The logo must be at most 512 KB');
  else if (!contentType) problems.add('logo', 'file_type', 'The logo must be a PNG or JPEG image');
  problems.throwIfAny();
  if (!bytes || !contentType) throw new Error('unreachable: checked above');

  const before = (await findSettings(ctx.trx, ctx.tenantId)).logo;
  await storeLogo(ctx.trx, ctx.tenantId, { bytes, contentType }, ctx.now());
  const after = { contentType, size: bytes.length };
  await recordAuditEvent(ctx, { action: 'settings.logo_updated', entityType: 'tenant_settings', entityId: ctx.tenantId, before: { logo: before }, after: { logo: after } });
  return after;
}
