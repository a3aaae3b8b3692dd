/** The /api/v1 shapes of payments, receipts, prepaid top-ups and the cashier report, and how views become them. */
import { Type, type Static } from '@sinclair/typebox';
import { minorToMajorText } from '../../lib/money.ts';
import type { PrepaidPurchase } from '../billing/prepaid-time.ts';
import type { PaymentAllocation, PaymentView, ReceiptView } from './payments-repository.ts';
import type { PrepaidQuote } from './prepaid-quote.ts';
import type { PaymentRecorded } from './record-payment.ts';
import { PAYMENT_METHOD_KEYS } from './payment-input.ts';

const Uuid = Type.String({ format: 'uuid' });
const DateText = Type.String({ format: 'date', description: 'YYYY-MM-DD in the company time zone' });
const Minor = Type.Integer({ description: 'Minor units of the currency' });
const Instant = Type.String({ format: 'date-time' });
export const MethodSchema = Type.Union(PAYMENT_METHOD_KEYS.map((m) => Type.Literal(m)));

export const PaymentSchema = Type.Object(
  {
    id: Uuid,
    customerId: Uuid,
    customerName: Type.String(),
    accountNumber: Type.String(),
    serviceId: Type.Union([Uuid, Type.Null()], { description: 'The prepaid service this payment bought time for' }),
    amountMinor: Minor,
    amount: Type.String({ description: 'The amount in major units, e.g. "1499.50"' }),
    currency: Type.String(),
    method: MethodSchema,
    reference: Type.String(),
    receivedOn: DateText,
    receivedAt: Instant,
    collectedBy: Type.Union([Uuid, Type.Null()], { description: 'The staff user who took it (null for an API key)' }),
    collectedByLabel: Type.String(),
    notes: Type.String(),
    status: Type.Union([Type.Literal('posted'), Type.Literal('void')]),
    voidedAt: Type.Union([Instant, Type.Null()]),
    voidReason: Type.Union([Type.String(), Type.Null()]),
    receiptId: Uuid,
    receiptNumber: Type.String(),
  },
  { $id: 'Payment', description: 'Money received from a customer' },
);

const ReceiptContentSchema = Type.Object({
  customer: Type.Object({ name: Type.String(), accountNumber: Type.String(), address: Type.String(), email: Type.String(), phone: Type.String(), taxId: Type.String() }),
  method: MethodSchema,
  reference: Type.String(),
  receivedOn: DateText,
  collectedBy: Type.String(),
  applied: Type.Array(Type.Object({ invoiceNumber: Type.String(), amountMinor: Minor })),
  creditMinor: Minor,
  prepaid: Type.Union([Type.Object({ serviceLabel: Type.String(), from: DateText, until: DateText }), Type.Null()]),
});

export const ReceiptSchema = Type.Object(
  {
    id: Uuid,
    paymentId: Uuid,
    number: Type.String(),
    kind: Type.Union([Type.Literal('official'), Type.Literal('acknowledgment')]),
    customerId: Uuid,
    amountMinor: Minor,
    currency: Type.String(),
    issuedAt: Instant,
    issuedOn: DateText,
    content: ReceiptContentSchema,
    void: Type.Union([Type.Object({ at: Instant, reason: Type.String(), by: Type.String() }), Type.Null()], { description: 'Set when the receipt was voided; it stays listed' }),
  },
  { $id: 'Receipt', description: 'The receipt of a payment, as issued (stored, never recomputed)' },
);

export const AllocationSchema = Type.Object({ id: Uuid, invoiceId: Uuid, invoiceNumber: Type.String(), amountMinor: Minor, reversed: Type.Boolean(), createdAt: Instant });

export const PaymentRecordedSchema = Type.Object({ payment: PaymentSchema, receipt: ReceiptSchema });
export const PaymentDetailSchema = Type.Object({ payment: PaymentSchema, receipt: ReceiptSchema, allocations: Type.Array(AllocationSchema) });

export const PurchaseSchema = Type.Object({
  from: DateText,
  until: DateText,
  anchorDay: Type.Integer(),
  periods: Type.Integer({ description: 'Whole plan periods bought' }),
  days: Type.Integer({ description: 'Extra days bought after the whole periods' }),
  chargedMinor: Minor,
  leftoverMinor: Type.Integer({ description: 'What stays on the account as credit' }),
});

export const PrepaidPreviewSchema = Type.Object({
  serviceId: Uuid,
  currency: Type.String(),
  paidUntil: Type.Union([DateText, Type.Null()], { description: 'Paid-until date now (exclusive end of the paid time)' }),
  paymentMinor: Minor,
  creditMinor: Minor,
  openDueMinor: Type.Integer({ description: 'Owed on open invoices: paid from this money before time is bought' }),
  availableMinor: Minor,
  purchase: PurchaseSchema,
  reactivates: Type.Boolean({ description: 'The service is suspended because its time ran out and comes back on' }),
});

export const TopUpSchema = Type.Object({
  payment: PaymentSchema,
  receipt: ReceiptSchema,
  invoice: Type.Object({ id: Uuid, number: Type.String() }),
  purchase: PurchaseSchema,
  reactivated: Type.Boolean(),
});

export function presentPayment(p: PaymentView): Static<typeof PaymentSchema> {
  return {
    ...p,
    amount: minorToMajorText(p.amountMinor, p.currency),
    receivedAt: p.receivedAt.toISOString(),
    voidedAt: p.voidedAt ? p.voidedAt.toISOString() : null,
  };
}

export function presentReceipt(r: ReceiptView): Static<typeof ReceiptSchema> {
  const { voidedAt, voidReason, voidedByLabel, issuedAt, ...rest } = r;
  return {
    ...rest,
    issuedAt: issuedAt.toISOString(),
    void: voidedAt && voidReason ? { at: voidedAt.toISOString(), reason: voidReason, by: voidedByLabel ?? '' } : null,
  };
}

export function presentRecorded(r: PaymentRecorded): Static<typeof PaymentRecordedSchema> {
  return { payment: presentPayment(r.payment), receipt: presentReceipt(r.receipt) };
}

export function presentAllocation(a: PaymentAllocation): Static<typeof AllocationSchema> {
  return { ...a, createdAt: a.createdAt.toISOString() };
}

export function presentPurchase(p: PrepaidPurchase): Static<typeof PurchaseSchema> {
  return { from: p.from, until: p.until, anchorDay: p.anchorDay, periods: p.fullPeriods, days: p.extraDays, chargedMinor: p.chargedMinor, leftoverMinor: p.leftoverMinor };
}

export function presentPreview(q: PrepaidQuote): Static<typeof PrepaidPreviewSchema> {
  return {
    serviceId: q.service.id,
    currency: q.service.planCurrency,
    paidUntil: q.service.billedUntil,
    paymentMinor: q.paymentMinor,
    creditMinor: q.creditMinor,
    openDueMinor: q.openDueMinor,
    availableMinor: q.availableMinor,
    purchase: presentPurchase(q.purchase),
    reactivates: q.reactivates,
  };
}
