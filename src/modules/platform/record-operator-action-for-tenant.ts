/**
 * Writes an operator's action on a tenant into that tenant's own audit log, so its owner
 * sees what the platform did to the company. Runs under the tenant's RLS context
 * (lastmile_platform may only read tenant tables), which is why it must be the last step of
 * the platform transaction: there is no way back to the platform role afterwards.
 */
import { switchToTenant } from '../../db/tenancy.ts';
import { recordAuditEvent, type AuditEntry } from '../audit/record-audit-event.ts';
import type { PlatformContext } from './platform-context.ts';

export async function recordOperatorActionForTenant(ctx: PlatformContext, tenantId: string, entry: AuditEntry): Promise<void> {
  const trx = await switchToTenant(ctx.trx, tenantId);
  await recordAuditEvent(
    {
      tenantId,
      trx,
      now: ctx.now,
      requestId: ctx.requestId,
      ip: ctx.ip,
      // The tenant sees that the Lastmile operator acted, not which operator's e-mail.
      actor: { type: 'platform', id: ctx.operator.id, label: 'Lastmile operator', isOwner: false, permissions: new Set() },
    },
    entry,
  );
}
