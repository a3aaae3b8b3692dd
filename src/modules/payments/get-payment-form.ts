/** What the payment form shows for one customer: who they are, what they owe invoice by invoice, and their credit. */
import { notFound } from '../../lib/errors.ts';
import { isUuid } from '../../db/tenancy.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { listCreditSources, listOpenInvoices, type OpenInvoice } from '../billing/account-repository.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { assertCan, type TenantContext } from '../context.ts';

export interface PaymentForm {
  customer: { id: string; name: string; accountNumber: string };
  openInvoices: OpenInvoice[];
  creditMinor: number;
  currency: string;
  locale: string;
  today: string;
}

export async function getPaymentForm(ctx: TenantContext, input: { customerId: string }): Promise<PaymentForm> {
  assertCan(ctx.actor, 'payments.collect');
  const customer = isUuid(input.customerId)
    ? await ctx.trx
        .selectFrom('customers')
        .select(['id', 'display_name as name', 'account_number as accountNumber'])
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', input.customerId)
        .executeTakeFirst()
    : undefined;
  if (!customer) throw notFound('Customer');
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const credit = await listCreditSources(ctx.trx, ctx.tenantId, customer.id);
  return {
    customer,
    openInvoices: await listOpenInvoices(ctx.trx, ctx.tenantId, customer.id),
    creditMinor: credit.reduce((sum, s) => sum + s.remainingMinor, 0),
    currency: settings.currency,
    locale: settings.locale,
    today: calendarDateIn(ctx.now(), settings.timeZone),
  };
}
