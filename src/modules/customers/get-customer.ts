/** One subscriber's details. Another tenant's id is simply not found (RLS and the tenant filter). */
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findCustomer, type CustomerView } from './customers-repository.ts';

export async function getCustomer(ctx: TenantContext, input: { customerId: string }): Promise<CustomerView> {
  assertCan(ctx.actor, 'customers.read');
  const customer = await findCustomer(ctx.trx, ctx.tenantId, input.customerId);
  if (!customer) throw notFound('Customer');
  return customer;
}
