/**
 * A prepaid top-up: a payment that buys service time (issue 4 "Prepaid services"). In one
 * transaction, under the customer lock:
 *  1. the payment and its ledger entry;
 *  2. a 'prepaid' invoice for [from, until) with one prepaid_time line, finalized with the
 *     next invoice number; finalizing spends the customer's credit oldest first, and since
 *     the time bought never costs more than the money available (prepaid-quote.ts), the
 *     invoice ends up paid;
 *  3. the service's paid-until date (billed_until) and anchor day move to the new time; a
 *     service suspended because its time ran out comes back on, recorded the way resuming
 *     a service is (service.resumed in the audit log), so renewal needs no status change;
 *  4. the receipt, which prints the time bought.
 * The unique index invoices_one_per_service_period refuses a second invoice for the same
 * start date, so one period is never sold twice.
 */
import { Problems } from '../../lib/validate.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { lockCustomerAccount } from '../billing/customer-account.ts';
import type { TaxRule } from '../billing/line-tax.ts';
import type { PrepaidPurchase } from '../billing/prepaid-time.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { finalizeDraft } from '../invoices/finalize-draft.ts';
import { getInvoice, insertDraftInvoice } from '../invoices/invoices-repository.ts';
import { priceLine } from '../invoices/price-line.ts';
import { saveServiceChange } from '../services/service-lifecycle.ts';
import { lockService } from '../services/services-repository.ts';
import { readPaymentFields, type PaymentFieldsInput } from './payment-input.ts';
import { issueReceipt, postPayment } from './payment-posting.ts';
import { prepaidServiceFor, quotePrepaidTime, type PrepaidService } from './prepaid-quote.ts';
import { loadRecorded, type PaymentRecorded } from './record-payment.ts';

export interface BuyPrepaidTopUpInput extends PaymentFieldsInput {
  serviceId: string;
}

export interface PrepaidTopUpBought extends PaymentRecorded {
  invoice: { id: string; number: string };
  purchase: PrepaidPurchase;
  /** The service was suspended after its time ran out and is active again. */
  reactivated: boolean;
}

/** "1 month", "2 months and 15 days", "15 days". */
export function describeTimeBought(purchase: Pick<PrepaidPurchase, 'fullPeriods' | 'extraDays'>, plan: { periodUnit: 'month' | 'day'; periodCount: number }): string {
  const parts: string[] = [];
  if (purchase.fullPeriods > 0) {
    const units = purchase.fullPeriods * plan.periodCount;
    parts.push(`${units} ${plan.periodUnit}${units === 1 ? '' : 's'}`);
  }
  if (purchase.extraDays > 0) parts.push(`${purchase.extraDays} day${purchase.extraDays === 1 ? '' : 's'}`);
  return parts.join(' and ');
}

export async function buyPrepaidTopUp(ctx: TenantContext, input: BuyPrepaidTopUpInput): Promise<PrepaidTopUpBought> {
  assertCan(ctx.actor, 'payments.collect');
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const today = calendarDateIn(ctx.now(), settings.timeZone);
  const found = await prepaidServiceFor(ctx, input.serviceId, settings);
  const problems = new Problems();
  const fields = readPaymentFields(problems, input, settings.currency, today);
  problems.throwIfAny();
  if (!fields) throw new Error('unreachable: problems were thrown above');

  await lockCustomerAccount(ctx.trx, ctx.tenantId, found.customerId);
  const before = await lockService(ctx.trx, ctx.tenantId, found.id);
  if (!before) throw notFound('Service');
  // Read again under the locks: a top-up a moment ago moved paid-until.
  const service = await prepaidServiceFor(ctx, found.id, settings);
  const quote = await quotePrepaidTime(ctx, settings, service, fields.amountMinor, today);
  const { purchase } = quote;

  const payment = await postPayment(ctx, settings, { customerId: service.customerId, serviceId: service.id, fields });
  const invoice = await issueTimeInvoice(ctx, settings.currency, service, quote.tax, purchase);
  await finalizeDraft(ctx, invoice.id, settings);
  const issued = await getInvoice(ctx.trx, ctx.tenantId, invoice.id);
  if (issued.status !== 'paid') throw new Error(`prepaid invoice ${issued.number ?? ''} was not paid in full by the money available`);

  const changes = { billed_until: purchase.until, anchor_day: purchase.anchorDay };
  const extra = { prepaidFrom: purchase.from, prepaidUntil: purchase.until, invoiceNumber: issued.number };
  if (quote.reactivates) await saveServiceChange(ctx, before, { ...changes, status: 'active' }, 'service.resumed', { ...extra, reason: 'Prepaid time bought after it ran out' });
  else await saveServiceChange(ctx, before, changes, 'service.prepaid_time_bought', extra);

  const serviceLabel = `${service.planName} (${service.accountNumber})`;
  const receipt = await issueReceipt(ctx, settings, payment, { serviceLabel, from: purchase.from, until: purchase.until });
  await recordAuditEvent(ctx, {
    action: 'payment.recorded',
    entityType: 'payment',
    entityId: payment.id,
    after: {
      customerId: service.customerId,
      serviceId: service.id,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      method: payment.method,
      reference: payment.reference,
      receivedOn: payment.receivedOn,
      receiptNumber: receipt.number,
      prepaid: { from: purchase.from, until: purchase.until, invoiceNumber: issued.number, chargedMinor: purchase.chargedMinor },
    },
  });
  const recorded = await loadRecorded(ctx, payment.id, receipt.id);
  return { ...recorded, invoice: { id: issued.id, number: issued.number ?? '' }, purchase, reactivated: quote.reactivates };
}

async function issueTimeInvoice(ctx: TenantContext, currency: string, service: PrepaidService, tax: TaxRule, purchase: PrepaidPurchase): Promise<{ id: string }> {
  const bought = describeTimeBought(purchase, service);
  const line = priceLine({
    kind: 'prepaid_time',
    description: `${service.planName} prepaid, ${bought}: ${purchase.from} until ${purchase.until}`,
    serviceId: service.id,
    periodStart: purchase.from,
    periodEnd: purchase.until,
    unitPriceMinor: purchase.line.amountMinor,
    tax,
  });
  try {
    const id = await insertDraftInvoice(
      ctx.trx,
      ctx.tenantId,
      { customerId: service.customerId, kind: 'prepaid', serviceId: service.id, currency, periodStart: purchase.from, periodEnd: purchase.until, memo: '', createdByLabel: ctx.actor.label },
      [line],
    );
    return { id };
  } catch (err) {
    if ((err as { constraint?: unknown }).constraint === 'invoices_one_per_service_period') {
      throw new AppError(409, 'prepaid_period_taken', `Time from ${purchase.from} is already invoiced for this service. Reload and try again.`);
    }
    throw err;
  }
}
