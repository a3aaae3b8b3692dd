/** The company's currency, locale and zone, for pages that show money and times. */
import { loadBillingSettings } from '../billing/billing-settings.ts';
import type { TenantContext } from '../context.ts';
import type { MoneyFormat } from './payment-widgets.tsx';

export async function loadMoneyFormat(ctx: TenantContext): Promise<MoneyFormat> {
  const s = await loadBillingSettings(ctx.trx, ctx.tenantId);
  return { currency: s.currency, locale: s.locale, timeZone: s.timeZone };
}
