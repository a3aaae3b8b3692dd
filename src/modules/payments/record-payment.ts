/**
 * Taking a payment at the counter (or from an integration). In one transaction, under the
 * customer lock: the payment and its ledger entry, its allocation (the invoices staff
 * picked first, in their order, then the oldest open invoices), and its receipt with the
 * next gapless number. What the payment does not pay stays on the account as credit, which
 * the next finalized invoice spends.
 */
import { isUuid } from '../../db/tenancy.ts';
import { notFound } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { applyCredit } from '../billing/allocate.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { lockCustomerAccount } from '../billing/customer-account.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { readPaymentFields, type PaymentFieldsInput } from './payment-input.ts';
import { issueReceipt, postPayment } from './payment-posting.ts';
import { findPayment, findReceipt, type PaymentView, type ReceiptView } from './payments-repository.ts';

export interface RecordPaymentInput extends PaymentFieldsInput {
  customerId: string;
  /** Invoices to pay first, in this order; the rest goes to the oldest open invoices. */
  invoiceIds?: string[] | undefined;
}

export interface PaymentRecorded {
  payment: PaymentView;
  receipt: ReceiptView;
}

export async function recordPayment(ctx: TenantContext, input: RecordPaymentInput): Promise<PaymentRecorded> {
  assertCan(ctx.actor, 'payments.collect');
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const today = calendarDateIn(ctx.now(), settings.timeZone);
  const problems = new Problems();
  const fields = readPaymentFields(problems, input, settings.currency, today);
  const customer = isUuid(input.customerId)
    ? await ctx.trx.selectFrom('customers').select('id').where('tenant_id', '=', ctx.tenantId).where('id', '=', input.customerId).executeTakeFirst()
    : undefined;
  if (!customer) problems.add('customerId', 'not_found', 'There is no such customer');
  problems.throwIfAny();
  if (!fields || !customer) throw new Error('unreachable: problems were thrown above');

  await lockCustomerAccount(ctx.trx, ctx.tenantId, customer.id);
  const picked = input.invoiceIds ?? [];
  await checkPickedInvoices(ctx, customer.id, picked);

  const payment = await postPayment(ctx, settings, { customerId: customer.id, serviceId: null, fields });
  if (picked.length > 0) await applyCredit(ctx.trx, ctx.tenantId, customer.id, { actorLabel: ctx.actor.label, onlySources: [payment.id], invoiceOrder: picked });
  // What the picked invoices did not take pays the oldest open ones: credit left sitting
  // beside unpaid invoices would only be spent on them at the next finalization anyway.
  await applyCredit(ctx.trx, ctx.tenantId, customer.id, { actorLabel: ctx.actor.label, onlySources: [payment.id] });
  const receipt = await issueReceipt(ctx, settings, payment, null);

  await recordAuditEvent(ctx, {
    action: 'payment.recorded',
    entityType: 'payment',
    entityId: payment.id,
    after: { customerId: customer.id, amountMinor: payment.amountMinor, currency: payment.currency, method: payment.method, reference: payment.reference, receivedOn: payment.receivedOn, receiptNumber: receipt.number },
  });
  return loadRecorded(ctx, payment.id, receipt.id);
}

/** Picked invoices must be this customer's open invoices, each named once (422 naming the entry otherwise). */
async function checkPickedInvoices(ctx: TenantContext, customerId: string, ids: readonly string[]): Promise<void> {
  const problems = new Problems();
  const valid = ids.filter(isUuid);
  const open = valid.length === 0
    ? []
    : await ctx.trx
        .selectFrom('invoices')
        .select('id')
        .where('tenant_id', '=', ctx.tenantId)
        .where('customer_id', '=', customerId)
        .where('id', 'in', valid)
        .where('status', 'in', ['open', 'partially_paid'])
        .execute();
  const openIds = new Set(open.map((i) => i.id));
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) problems.add(`invoiceIds.${i}`, 'duplicate', 'This invoice is picked twice');
    else if (!openIds.has(id)) problems.add(`invoiceIds.${i}`, 'not_payable', 'This is not an open invoice of this customer');
  });
  problems.throwIfAny();
}

export async function loadRecorded(ctx: TenantContext, paymentId: string, receiptId: string): Promise<PaymentRecorded> {
  const payment = await findPayment(ctx.trx, ctx.tenantId, paymentId);
  const receipt = await findReceipt(ctx.trx, ctx.tenantId, receiptId);
  if (!payment || !receipt) throw notFound('Payment');
  return { payment, receipt };
}
