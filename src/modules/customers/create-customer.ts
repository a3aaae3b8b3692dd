/**
 * Signs up a subscriber: validates every field, takes the next account number from the
 * tenant's counter (same transaction, so a failed create returns the number), writes the
 * first status-history row and the audit entry.
 */
import type { CustomerStatus } from '../../db/schema.ts';
import { formatNumber, takeNumber } from '../../db/counters.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { checkCustomerFields, type CustomerFieldsInput } from './customer-input.ts';
import { customerAudit } from './customer-audit.ts';
import { CUSTOMER_STATUSES, findCustomer, findCustomerSettings, insertCustomer, insertStatusChange, isCustomerStatus, type CustomerView } from './customers-repository.ts';

export interface CreateCustomerInput extends CustomerFieldsInput {
  /**
   * Defaults to 'lead': someone who asked for service and is not connected yet. A string, so
   * a form's value arrives as typed and anything outside CustomerStatus is a 422 naming it.
   */
  status?: string | undefined;
}

export async function createCustomer(ctx: TenantContext, input: CreateCustomerInput): Promise<CustomerView> {
  assertCan(ctx.actor, 'customers.manage');
  const problems = new Problems();
  const columns = await checkCustomerFields(ctx.trx, ctx.tenantId, problems, input);
  const requested = input.status ?? 'lead';
  if (!isCustomerStatus(requested)) problems.add('status', 'enum', `Status must be one of ${CUSTOMER_STATUSES.join(', ')}`);
  problems.throwIfAny();
  const status = requested as CustomerStatus; // refused above when it is not one

  const settings = await findCustomerSettings(ctx.trx, ctx.tenantId);
  const accountNumber = formatNumber(settings.accountNumberPrefix, await takeNumber(ctx.trx, ctx.tenantId, 'customer_account'));
  const now = ctx.now();
  const id = await insertCustomer(ctx.trx, ctx.tenantId, { ...columns, account_number: accountNumber, status, now });
  await insertStatusChange(ctx.trx, ctx.tenantId, {
    customerId: id,
    fromStatus: null,
    toStatus: status,
    reason: '',
    effectiveOn: calendarDateIn(now, settings.timeZone),
    changedAt: now,
    actorId: ctx.actor.id,
    actorLabel: ctx.actor.label,
  });
  const customer = await findCustomer(ctx.trx, ctx.tenantId, id);
  if (!customer) throw new Error('customer vanished after insert');
  await recordAuditEvent(ctx, { action: 'customer.created', entityType: 'customer', entityId: id, after: customerAudit(customer) });
  return customer;
}
