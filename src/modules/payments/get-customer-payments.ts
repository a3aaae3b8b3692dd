/**
 * The payments section of the customer page: the latest payments with their receipts, the
 * customer's prepaid services with their paid-until dates (to top up), and unspent credit.
 */
import type { ServiceStatus } from '../../db/schema.ts';
import { isUuid } from '../../db/tenancy.ts';
import { notFound } from '../../lib/errors.ts';
import { listCreditSources } from '../billing/account-repository.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { listPayments, type PaymentView } from './payments-repository.ts';

export interface CustomerPrepaidService {
  id: string;
  planName: string;
  status: ServiceStatus;
  paidUntil: string | null;
}

export interface CustomerPayments {
  customerId: string;
  payments: PaymentView[];
  more: boolean;
  prepaidServices: CustomerPrepaidService[];
  creditMinor: number;
  currency: string;
  locale: string;
  timeZone: string;
}

const RECENT = 10;

export async function getCustomerPayments(ctx: TenantContext, input: { customerId: string }): Promise<CustomerPayments> {
  assertCan(ctx.actor, 'billing.read');
  const customer = isUuid(input.customerId)
    ? await ctx.trx.selectFrom('customers').select('id').where('tenant_id', '=', ctx.tenantId).where('id', '=', input.customerId).executeTakeFirst()
    : undefined;
  if (!customer) throw notFound('Customer');
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const page = await listPayments(ctx.trx, ctx.tenantId, { customerId: customer.id, limit: RECENT });
  const prepaidServices = await ctx.trx
    .selectFrom('services as s')
    .innerJoin('service_plans as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.plan_id'))
    .select(['s.id', 'p.name as planName', 's.status', 's.billed_until as paidUntil'])
    .where('s.tenant_id', '=', ctx.tenantId)
    .where('s.customer_id', '=', customer.id)
    .where('s.billing_mode', '=', 'prepaid')
    .where('s.status', 'in', ['active', 'suspended'])
    .orderBy('s.created_at')
    .execute();
  const credit = await listCreditSources(ctx.trx, ctx.tenantId, customer.id);
  return {
    customerId: customer.id,
    payments: page.items,
    more: page.nextCursor !== null,
    prepaidServices,
    creditMinor: credit.reduce((sum, s) => sum + s.remainingMinor, 0),
    currency: settings.currency,
    locale: settings.locale,
    timeZone: settings.timeZone,
  };
}
