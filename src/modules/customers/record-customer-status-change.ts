/**
 * Moves a subscriber to another status, for code that has already decided it may: the
 * installations module turns a lead active when its installation is completed, under its own
 * permission. No permission check here (callers check theirs); staff go through
 * change-customer-status, which checks customers.manage and validates the request first.
 */
import type { CustomerStatus } from '../../db/schema.ts';
import { notFound } from '../../lib/errors.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { TenantContext } from '../context.ts';
import { findCustomer, findCustomerSettings, insertStatusChange, lockCustomer, setCustomerStatus, type CustomerView } from './customers-repository.ts';

export interface RecordCustomerStatusChangeInput {
  customerId: string;
  toStatus: CustomerStatus;
  reason: string;
  /** YYYY-MM-DD in the tenant's time zone; defaults to the tenant's today. */
  effectiveOn?: string | undefined;
}

/** Returns the customer afterwards. Asking for the status it already has changes nothing. */
export async function recordCustomerStatusChange(ctx: TenantContext, input: RecordCustomerStatusChangeInput): Promise<CustomerView> {
  const current = await lockCustomer(ctx.trx, ctx.tenantId, input.customerId);
  if (!current) throw notFound('Customer');
  return applyStatusChange(ctx, current, input);
}

/** The write itself, for callers that already hold the customer's row lock. */
export async function applyStatusChange(ctx: TenantContext, current: CustomerView, input: RecordCustomerStatusChangeInput): Promise<CustomerView> {
  if (current.status === input.toStatus) return current;
  const now = ctx.now();
  const effectiveOn = input.effectiveOn ?? calendarDateIn(now, (await findCustomerSettings(ctx.trx, ctx.tenantId)).timeZone);
  const reason = input.reason.trim().slice(0, 500);
  await setCustomerStatus(ctx.trx, ctx.tenantId, current.id, input.toStatus, now);
  await insertStatusChange(ctx.trx, ctx.tenantId, {
    customerId: current.id,
    fromStatus: current.status,
    toStatus: input.toStatus,
    reason,
    effectiveOn,
    changedAt: now,
    actorId: ctx.actor.id,
    actorLabel: ctx.actor.label,
  });
  await recordAuditEvent(ctx, {
    action: 'customer.status_changed',
    entityType: 'customer',
    entityId: current.id,
    before: { status: current.status },
    after: { status: input.toStatus, reason, effectiveOn },
  });
  const updated = await findCustomer(ctx.trx, ctx.tenantId, current.id);
  if (!updated) throw notFound('Customer');
  return updated;
}
