/** What the top-up screen shows about a prepaid service before anything is typed. */
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { prepaidServiceFor, type PrepaidService } from './prepaid-quote.ts';

export interface TopUpForm {
  service: PrepaidService;
  currency: string;
  locale: string;
  today: string;
}

export async function getTopUpForm(ctx: TenantContext, input: { serviceId: string }): Promise<TopUpForm> {
  assertCan(ctx.actor, 'payments.collect');
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const service = await prepaidServiceFor(ctx, input.serviceId, settings);
  return { service, currency: settings.currency, locale: settings.locale, today: calendarDateIn(ctx.now(), settings.timeZone) };
}
