/**
 * The two steps every payment shares, whether it pays invoices or buys prepaid time:
 * posting it (the row and its ledger entry) and issuing its receipt once its money has been
 * allocated. Both run inside the caller's transaction, under the customer lock.
 */
import type { ReceiptContent } from '../../db/schema.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import type { BillingSettings } from '../billing/billing-settings.ts';
import { snapshotCustomer } from '../billing/customer-account.ts';
import { takeDocumentNumber } from '../billing/document-numbers.ts';
import { appendLedgerEntry } from '../billing/ledger-repository.ts';
import { PAYMENT_METHODS } from '../billing/payment-methods.ts';
import type { TenantContext } from '../context.ts';
import type { PaymentFields } from './payment-input.ts';
import { insertPayment, insertReceipt, listPaymentAllocations } from './payments-repository.ts';

export interface PostedPayment extends PaymentFields {
  id: string;
  customerId: string;
  serviceId: string | null;
  currency: string;
  collectedByLabel: string;
}

/** Writes the payment (collected by the acting staff member) and its ledger entry (-amount). */
export async function postPayment(ctx: TenantContext, settings: BillingSettings, input: { customerId: string; serviceId: string | null; fields: PaymentFields }): Promise<PostedPayment> {
  const { fields } = input;
  const collectedByLabel = ctx.actor.label;
  const id = await insertPayment(ctx.trx, ctx.tenantId, {
    customerId: input.customerId,
    serviceId: input.serviceId,
    amountMinor: fields.amountMinor,
    currency: settings.currency,
    method: fields.method,
    reference: fields.reference,
    receivedOn: fields.receivedOn,
    receivedAt: ctx.now(),
    // An API key is nobody's user row; its label still says who took the money.
    collectedBy: ctx.actor.type === 'user' ? ctx.actor.id : null,
    collectedByLabel,
    notes: fields.notes,
  });
  await appendLedgerEntry(ctx.trx, ctx.tenantId, {
    customerId: input.customerId,
    entryType: 'payment',
    amountMinor: -fields.amountMinor,
    currency: settings.currency,
    effectiveOn: fields.receivedOn,
    description: `Payment by ${PAYMENT_METHODS[fields.method]}${fields.reference ? ` ${fields.reference}` : ''}`,
    paymentId: id,
  });
  return { ...fields, id, customerId: input.customerId, serviceId: input.serviceId, currency: settings.currency, collectedByLabel };
}

/**
 * Issues the payment's receipt with the next gapless number. What it prints (the customer
 * as they are now, the invoices this payment paid, the credit left, the prepaid time
 * bought) is frozen into its content here and never recomputed.
 */
export async function issueReceipt(
  ctx: TenantContext,
  settings: BillingSettings,
  payment: PostedPayment,
  prepaid: ReceiptContent['prepaid'],
): Promise<{ id: string; number: string }> {
  const applied = (await listPaymentAllocations(ctx.trx, ctx.tenantId, payment.id)).filter((a) => !a.reversed);
  const appliedMinor = applied.reduce((sum, a) => sum + a.amountMinor, 0);
  const content: ReceiptContent = {
    customer: await snapshotCustomer(ctx.trx, ctx.tenantId, payment.customerId),
    method: payment.method,
    reference: payment.reference,
    receivedOn: payment.receivedOn,
    collectedBy: payment.collectedByLabel,
    applied: applied.map((a) => ({ invoiceNumber: a.invoiceNumber, amountMinor: a.amountMinor })),
    creditMinor: payment.amountMinor - appliedMinor,
    prepaid,
  };
  const { seq, number } = await takeDocumentNumber(ctx.trx, ctx.tenantId, 'receipt', settings);
  const now = ctx.now();
  const id = await insertReceipt(ctx.trx, ctx.tenantId, {
    paymentId: payment.id,
    number,
    numberSeq: seq,
    kind: settings.receiptKind,
    customerId: payment.customerId,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    issuedAt: now,
    issuedOn: calendarDateIn(now, settings.timeZone),
    content,
  });
  return { id, number };
}
