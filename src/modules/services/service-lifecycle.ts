/**
 * What every service change shares: lock the row, refuse a change its status does not allow,
 * write, audit before and after.  pending -> active <-> suspended;  any -> terminated.
 */
import type { Updateable } from 'kysely';
import type { CustomerStatus, ServiceStatus, ServicesTable } from '../../db/schema.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { TenantContext } from '../context.ts';
import { findService, lockService, serviceAudit, type ServiceView } from './services-repository.ts';

export const SERVICE_STATUS_LABELS: Record<ServiceStatus, string> = { pending: 'Pending', active: 'Active', suspended: 'Suspended', terminated: 'Terminated' };

/** Customers who may be given a new service or have one go (back) live. */
export const SERVABLE_CUSTOMER_STATUSES: readonly CustomerStatus[] = ['lead', 'active'];

export function customerNotServableMessage(status: CustomerStatus, doing: string): string {
  return `This customer is ${status}; a service can only be ${doing} for a lead or active customer. Change the customer's status first.`;
}

/** Activating or resuming a service: its customer must be a lead or active (409 otherwise). */
export async function assertCustomerServable(ctx: TenantContext, service: ServiceView, doing: string): Promise<void> {
  const customer = await ctx.trx.selectFrom('customers').select('status').where('tenant_id', '=', ctx.tenantId).where('id', '=', service.customerId).executeTakeFirst();
  if (!customer) throw notFound('Customer');
  if (!SERVABLE_CUSTOMER_STATUSES.includes(customer.status)) throw new AppError(409, 'customer_status', customerNotServableMessage(customer.status, doing));
}

export async function serviceFor(ctx: TenantContext, serviceId: string, allowed: readonly ServiceStatus[], doing: string): Promise<ServiceView> {
  const current = await lockService(ctx.trx, ctx.tenantId, serviceId);
  if (!current) throw notFound('Service');
  if (!allowed.includes(current.status)) {
    const which = allowed.map((s) => SERVICE_STATUS_LABELS[s].toLowerCase()).join(' or ');
    throw new AppError(409, 'service_status', `This service is ${SERVICE_STATUS_LABELS[current.status].toLowerCase()}; only ${which} services can be ${doing}.`);
  }
  return current;
}

export async function saveServiceChange(ctx: TenantContext, before: ServiceView, changes: Omit<Updateable<ServicesTable>, 'tenant_id' | 'id'>, action: string, extra: Record<string, unknown> = {}): Promise<ServiceView> {
  await ctx.trx
    .updateTable('services')
    .set({ ...changes, updated_at: ctx.now() })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', before.id)
    .execute();
  const after = await findService(ctx.trx, ctx.tenantId, before.id);
  if (!after) throw notFound('Service');
  await recordAuditEvent(ctx, { action, entityType: 'service', entityId: before.id, before: serviceAudit(before), after: { ...serviceAudit(after), ...extra } });
  return after;
}
