/** Removes the company logo; nothing happens (and nothing is audited) when there is none. */
import type { TenantContext } from '../context.ts';
import { assertCan } from '../context.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { findSettings, storeLogo } from './settings-repository.ts';

export async function removeLogo(ctx: TenantContext): Promise<void> {
  assertCan(ctx.actor, 'settings.manage');
  const before = (await findSettings(ctx.trx, ctx.tenantId)).logo;
  if (!before) return;
  await storeLogo(ctx.trx, ctx.tenantId, null, ctx.now());
  await recordAuditEvent(ctx, { action: 'settings.logo_removed', entityType: 'tenant_settings', entityId: ctx.tenantId, before: { logo: before }, after: { logo: null } });
}
