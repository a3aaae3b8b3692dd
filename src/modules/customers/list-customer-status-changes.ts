/** Every status a subscriber has had, oldest first, with the date, reason and who changed it. */
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findCustomer, listStatusChanges, type StatusChangeView } from './customers-repository.ts';

export async function listCustomerStatusChanges(ctx: TenantContext, input: { customerId: string }): Promise<StatusChangeView[]> {
  assertCan(ctx.actor, 'customers.read');
  const customer = await findCustomer(ctx.trx, ctx.tenantId, input.customerId);
  if (!customer) throw notFound('Customer');
  return listStatusChanges(ctx.trx, ctx.tenantId, customer.id);
}
