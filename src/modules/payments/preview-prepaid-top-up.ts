/**
 * What a top-up of this amount would buy for a prepaid service, without writing anything:
 * the new paid-until date before the cashier saves (issue 4 "Prepaid services").
 */
import { Problems } from '../../lib/validate.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { readPaymentAmount } from './payment-input.ts';
import { prepaidServiceFor, quotePrepaidTime, type PrepaidQuote } from './prepaid-quote.ts';

export interface PreviewPrepaidTopUpInput {
  serviceId: string;
  /** Major units as typed, in the tenant's currency. */
  amount?: string | undefined;
}

export async function previewPrepaidTopUp(ctx: TenantContext, input: PreviewPrepaidTopUpInput): Promise<PrepaidQuote> {
  assertCan(ctx.actor, 'payments.collect');
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const service = await prepaidServiceFor(ctx, input.serviceId, settings);
  const problems = new Problems();
  const amountMinor = readPaymentAmount(problems, input.amount, settings.currency);
  problems.throwIfAny();
  return quotePrepaidTime(ctx, settings, service, amountMinor ?? 0, calendarDateIn(ctx.now(), settings.timeZone));
}
