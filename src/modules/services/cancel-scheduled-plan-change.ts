/** Withdraw the plan change a service has waiting for the end of its period. */
import { conflict } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { serviceFor } from './service-lifecycle.ts';
import { cancelScheduledPlanChanges, findScheduledPlanChange } from './service-billing-repository.ts';
import { findService, type ServiceView } from './services-repository.ts';

export async function cancelScheduledPlanChange(ctx: TenantContext, input: { serviceId: string }): Promise<ServiceView> {
  assertCan(ctx.actor, 'services.manage');
  // The service lock also keeps the billing run from applying the change while it is withdrawn.
  const service = await serviceFor(ctx, input.serviceId, ['pending', 'active', 'suspended'], 'changed');
  const pending = await findScheduledPlanChange(ctx.trx, ctx.tenantId, service.id);
  if (!pending) throw conflict('no_scheduled_plan_change', 'This service has no plan change scheduled');
  await cancelScheduledPlanChanges(ctx.trx, ctx.tenantId, service.id, ctx.now());
  await recordAuditEvent(ctx, {
    action: 'service.plan_change_unscheduled',
    entityType: 'service',
    entityId: service.id,
    before: { scheduledPlanId: pending.toPlanId, effectiveOn: pending.effectiveOn },
    after: { scheduledPlanId: null },
  });
  const after = await findService(ctx.trx, ctx.tenantId, service.id);
  if (!after) throw new Error('unreachable: service locked above');
  return after;
}
