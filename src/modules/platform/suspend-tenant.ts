/**
 * Suspends a tenant: its staff can no longer sign in, their open sessions are refused on
 * the next request and its API keys answer 403 tenant_suspended (see
 * src/http/authenticate.ts and src/modules/auth/sign-in.ts). Nothing of the tenant's data
 * changes, so reactivation restores everything as it was.
 */
import { isUuid } from '../../db/tenancy.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { Problems, cleanText } from '../../lib/validate.ts';
import type { PlatformContext } from './platform-context.ts';
import { recordPlatformAuditEvent } from './record-platform-audit-event.ts';
import { recordOperatorActionForTenant } from './record-operator-action-for-tenant.ts';

export interface SuspendTenantInput {
  tenantId: string;
  /** Why, in a sentence; kept on the tenant row and in both audit logs. */
  reason: string;
}

export const MAX_REASON_LENGTH = 500;

export async function suspendTenant(ctx: PlatformContext, input: SuspendTenantInput): Promise<void> {
  const reason = cleanText(input.reason);
  const problems = new Problems();
  if (reason === '') problems.add('reason', 'required', 'Give a reason for the suspension');
  else if (reason.length > MAX_REASON_LENGTH) problems.add('reason', 'max_length', `Reason must be at most ${MAX_REASON_LENGTH} characters`);
  problems.throwIfAny();

  if (!isUuid(input.tenantId)) throw notFound('Tenant');
  const tenant = await ctx.trx
    .selectFrom('tenants')
    .select(['id', 'status'])
    .where('id', '=', input.tenantId)
    .forUpdate()
    .executeTakeFirst();
  if (!tenant) throw notFound('Tenant');
  if (tenant.status === 'suspended') throw conflict('tenant_already_suspended', 'This tenant is already suspended');

  const now = ctx.now();
  await ctx.trx
    .updateTable('tenants')
    .set({ status: 'suspended', suspended_reason: reason, suspended_at: now, updated_at: now })
    .where('id', '=', tenant.id)
    .execute();
  await recordPlatformAuditEvent(ctx.trx, {
    action: 'tenant.suspended',
    adminId: ctx.operator.id,
    targetTenantId: tenant.id,
    details: { reason },
    occurredAt: now,
    ip: ctx.ip,
    requestId: ctx.requestId,
  });
  await recordOperatorActionForTenant(ctx, tenant.id, {
    action: 'tenant.suspended',
    entityType: 'tenant',
    entityId: tenant.id,
    before: { status: 'active' },
    after: { status: 'suspended', reason },
  });
}
