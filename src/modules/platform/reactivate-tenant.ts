/** Lifts a suspension: the tenant's staff and API keys work again at once. */
import { isUuid } from '../../db/tenancy.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import type { PlatformContext } from './platform-context.ts';
import { recordPlatformAuditEvent } from './record-platform-audit-event.ts';
import { recordOperatorActionForTenant } from './record-operator-action-for-tenant.ts';

export interface ReactivateTenantInput {
  tenantId: string;
}

export async function reactivateTenant(ctx: PlatformContext, input: ReactivateTenantInput): Promise<void> {
  if (!isUuid(input.tenantId)) throw notFound('Tenant');
  const tenant = await ctx.trx
    .selectFrom('tenants')
    .select(['id', 'status', 'suspended_reason', 'suspended_at'])
    .where('id', '=', input.tenantId)
    .forUpdate()
    .executeTakeFirst();
  if (!tenant) throw notFound('Tenant');
  if (tenant.status !== 'suspended') throw conflict('tenant_not_suspended', 'This tenant is not suspended');

  const now = ctx.now();
  await ctx.trx
    .updateTable('tenants')
    .set({ status: 'active', suspended_reason: null, suspended_at: null, updated_at: now })
    .where('id', '=', tenant.id)
    .execute();
  const before = { status: 'suspended', reason: tenant.suspended_reason, suspendedAt: tenant.suspended_at?.toISOString() ?? null };
  await recordPlatformAuditEvent(ctx.trx, {
    action: 'tenant.reactivated',
    adminId: ctx.operator.id,
    targetTenantId: tenant.id,
    details: { previousReason: tenant.suspended_reason },
    occurredAt: now,
    ip: ctx.ip,
    requestId: ctx.requestId,
  });
  await recordOperatorActionForTenant(ctx, tenant.id, {
    action: 'tenant.reactivated',
    entityType: 'tenant',
    entityId: tenant.id,
    before,
    after: { status: 'active' },
  });
}
