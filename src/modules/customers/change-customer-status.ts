/**
 * Staff change a subscriber's status (suspend for non-payment, disconnect, terminate, bring
 * back). The reason is required for every status that takes service away; the effective date
 * defaults to the tenant's today and may not come before the last change in the history.
 */
import { notFound } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { calendarDateIn, parseCalendarDate } from '../../lib/zoned-time.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { CUSTOMER_STATUSES, findCustomerSettings, isCustomerStatus, lastEffectiveOn, lockCustomer, type CustomerView } from './customers-repository.ts';
import { applyStatusChange } from './record-customer-status-change.ts';

export interface ChangeCustomerStatusInput {
  customerId: string;
  status: string;
  reason?: string | undefined;
  /** YYYY-MM-DD in the tenant's time zone; empty or missing means today. */
  effectiveOn?: string | undefined;
}

/** Statuses that take service away: staff must say why. */
export const STATUSES_NEEDING_REASON = new Set(['suspended', 'disconnected', 'terminated']);

export async function changeCustomerStatus(ctx: TenantContext, input: ChangeCustomerStatusInput): Promise<CustomerView> {
  assertCan(ctx.actor, 'customers.manage');
  const current = await lockCustomer(ctx.trx, ctx.tenantId, input.customerId);
  if (!current) throw notFound('Customer');

  const problems = new Problems();
  const status = input.status.trim();
  const reason = (input.reason ?? '').trim();
  const effectiveText = (input.effectiveOn ?? '').trim();
  if (!isCustomerStatus(status)) {
    problems.add('status', 'enum', `Status must be one of ${CUSTOMER_STATUSES.join(', ')}`);
  } else if (status === current.status) {
    problems.add('status', 'unchanged', `The customer is already ${status}`);
  } else if (status === 'lead') {
    // A lead is someone not yet connected; a customer who was connected once never is again.
    problems.add('status', 'not_allowed', 'Only new customers are leads; choose active, suspended, disconnected or terminated');
  }
  if (STATUSES_NEEDING_REASON.has(status) && reason === '') problems.add('reason', 'required', `Say why the customer is ${status}`);
  if (reason.length > 500) problems.add('reason', 'max_length', 'Reason must be at most 500 characters');

  const today = calendarDateIn(ctx.now(), (await findCustomerSettings(ctx.trx, ctx.tenantId)).timeZone);
  const effectiveOn = effectiveText === '' ? today : effectiveText;
  if (!parseCalendarDate(effectiveOn)) {
    problems.add('effectiveOn', 'format', 'Effective date must be a date written YYYY-MM-DD');
  } else {
    const last = await lastEffectiveOn(ctx.trx, ctx.tenantId, current.id);
    if (last !== undefined && effectiveOn < last) problems.add('effectiveOn', 'range', `Effective date cannot be before the last change (${last})`);
  }
  problems.throwIfAny();

  return applyStatusChange(ctx, current, { customerId: current.id, toStatus: status as CustomerView['status'], reason, effectiveOn });
}
