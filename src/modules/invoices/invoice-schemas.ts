/** TypeBox schemas of invoices and charges for /api/v1, and the functions that present them. */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { InvoiceDetail } from './get-invoice.ts';
import type { AllocationView } from './invoice-queries.ts';
import type { InvoiceLineRow } from './invoices-repository.ts';
import type { InvoiceSummary } from './list-invoices.ts';
import type { ChargeRow } from './charges-repository.ts';
import type { CreditNoteRow } from '../credit-notes/credit-notes-repository.ts';
import { STAFF_CHARGE_KINDS } from './staff-line.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const DateText = Type.String({ format: 'date', description: 'YYYY-MM-DD in the company time zone' });
const Minor = (description: string) => Type.Integer({ description: `${description}, in minor units of the currency` });
const Time = Type.String({ format: 'date-time' });

export const InvoiceStatusSchema = Type.Union(['draft', 'open', 'partially_paid', 'paid', 'void', 'uncollectible'].map((s) => Type.Literal(s)));
const InvoiceKindSchema = Type.Union(['recurring', 'prepaid', 'plan_change', 'one_off'].map((s) => Type.Literal(s)));
const LineKindSchema = Type.String({ description: 'service, prepaid_time, proration_credit, proration_charge, setup_fee, installation_fee, equipment, late_fee, reconnection_fee or other' });
export const StaffKindSchema = Type.Union(STAFF_CHARGE_KINDS.map((k) => Type.Literal(k)));

export const MajorAmount = (description: string) =>
  Type.String({ maxLength: 30, description: `${description}, in major units of the company currency as text ("1499.50"); no more decimals than the currency has` });

export const CustomerSnapshotSchema = Type.Object({
  name: Type.String(),
  accountNumber: Type.String(),
  address: Type.String(),
  email: Type.String(),
  phone: Type.String(),
  taxId: Type.String(),
});

export const StaffLineBody = Type.Object(
  {
    kind: StaffKindSchema,
    description: Type.String({ maxLength: 300 }),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
    unitPrice: MajorAmount('Price of one unit as the tax class prices it (including tax for an inclusive class)'),
    taxClass: Type.Optional(Type.String({ maxLength: 40, description: 'Default standard; a class without a tax rate is untaxed' })),
    serviceId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);

const LineSchema = Type.Object({
  id: Uuid,
  position: Type.Integer(),
  kind: LineKindSchema,
  description: Type.String(),
  serviceId: Nullable(Uuid),
  periodStart: Nullable(DateText),
  periodEnd: Nullable(DateText),
  quantity: Type.Integer(),
  unitPriceMinor: Minor('Unit price as priced'),
  amountMinor: Minor('Quantity x unit price'),
  taxClass: Nullable(Type.String()),
  taxName: Nullable(Type.String()),
  taxRatePpm: Type.Integer({ description: 'Parts per million: 12% is 120000' }),
  taxInclusive: Type.Boolean(),
  netMinor: Minor('Net'),
  taxMinor: Minor('Tax'),
  totalMinor: Minor('Net plus tax'),
});

const AllocationSchema = Type.Object({
  id: Uuid,
  invoiceId: Uuid,
  invoiceNumber: Nullable(Type.String()),
  sourceKind: Type.Union([Type.Literal('payment'), Type.Literal('credit_note'), Type.Literal('credit_invoice')]),
  sourceId: Uuid,
  sourceLabel: Type.String({ description: 'Receipt, credit-note or invoice number (empty for a payment without a receipt)' }),
  amountMinor: Minor('Negative on a reversal'),
  reversesId: Nullable(Uuid),
  reversed: Type.Boolean(),
  createdAt: Time,
  actor: Type.String(),
});

export const CreditNoteSchema = Type.Object(
  {
    id: Uuid,
    number: Type.String(),
    invoiceId: Uuid,
    invoiceNumber: Type.String(),
    customerId: Uuid,
    kind: Type.String(),
    currency: Type.String(),
    subtotalMinor: Minor('Net credited'),
    taxMinor: Minor('Tax credited, in the invoice’s proportion'),
    totalMinor: Minor('Gross credited'),
    remainingMinor: Minor('Credit not yet applied to an invoice or refunded'),
    reason: Type.String(),
    issuedOn: DateText,
    issuedAt: Time,
    issuedBy: Type.String(),
    customer: CustomerSnapshotSchema,
  },
  { $id: 'CreditNote', description: 'A credit against a finalized invoice' },
);

export const InvoiceSummarySchema = Type.Object(
  {
    id: Uuid,
    number: Nullable(Type.String({ description: 'Given at finalization; null on a draft' })),
    status: InvoiceStatusSchema,
    kind: InvoiceKindSchema,
    customerId: Uuid,
    customerName: Type.String(),
    accountNumber: Type.String(),
    currency: Type.String(),
    issuedOn: Nullable(DateText),
    dueOn: Nullable(DateText),
    totalMinor: Minor('Total'),
    allocatedMinor: Minor('Paid or credited so far'),
    createdAt: Time,
  },
  { $id: 'InvoiceSummary' },
);

export const InvoiceSchema = Type.Object(
  {
    id: Uuid,
    number: Nullable(Type.String()),
    status: InvoiceStatusSchema,
    kind: InvoiceKindSchema,
    customerId: Uuid,
    customerName: Type.String(),
    accountNumber: Type.String(),
    serviceId: Nullable(Uuid),
    currency: Type.String(),
    issuedOn: Nullable(DateText),
    dueOn: Nullable(DateText),
    periodStart: Nullable(DateText),
    periodEnd: Nullable(DateText),
    subtotalMinor: Minor('Sum of line nets'),
    taxMinor: Minor('Sum of line taxes'),
    totalMinor: Minor('Subtotal plus tax'),
    allocatedMinor: Minor('Paid or credited so far'),
    dueMinor: Minor('Still to pay'),
    creditedMinor: Minor('Credit notes issued on it'),
    creditableMinor: Minor('What a credit note may still credit'),
    memo: Type.String(),
    customer: Nullable(CustomerSnapshotSchema),
    voidReason: Nullable(Type.String()),
    voidedAt: Nullable(Time),
    finalizedAt: Nullable(Time),
    uncollectibleAt: Nullable(Time),
    createdAt: Time,
    createdBy: Type.String(),
    lines: Type.Array(LineSchema),
    allocations: Type.Array(AllocationSchema, { description: 'To this invoice, and for a negative invoice out of its credit; append-only' }),
    creditNotes: Type.Array(CreditNoteSchema),
  },
  { $id: 'Invoice', description: 'An invoice with its lines, allocations and credit notes' },
);

export const ChargeSchema = Type.Object(
  {
    id: Uuid,
    customerId: Uuid,
    serviceId: Nullable(Uuid),
    kind: Type.String(),
    description: Type.String(),
    quantity: Type.Integer(),
    unitPriceMinor: Minor('Unit price'),
    taxClass: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('invoiced'), Type.Literal('cancelled')]),
    invoiceId: Nullable(Uuid),
    periodStart: Nullable(DateText),
    periodEnd: Nullable(DateText),
    createdAt: Time,
    createdBy: Type.String(),
  },
  { $id: 'Charge', description: 'A one-off charge waiting for (or taken by) an invoice' },
);

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function presentLine(l: InvoiceLineRow): Static<typeof LineSchema> {
  return {
    id: l.id,
    position: Number(l.position),
    kind: l.kind,
    description: l.description,
    serviceId: l.service_id,
    periodStart: l.period_start,
    periodEnd: l.period_end,
    quantity: Number(l.quantity),
    unitPriceMinor: Number(l.unit_price_minor),
    amountMinor: Number(l.amount_minor),
    taxClass: l.tax_class,
    taxName: l.tax_name,
    taxRatePpm: Number(l.tax_rate_ppm),
    taxInclusive: l.tax_inclusive,
    netMinor: Number(l.net_minor),
    taxMinor: Number(l.tax_minor),
    totalMinor: Number(l.total_minor),
  };
}

function presentAllocation({ sourceHref: _href, actorLabel, ...a }: AllocationView): Static<typeof AllocationSchema> {
  return { ...a, createdAt: new Date(a.createdAt).toISOString(), actor: actorLabel };
}

export function presentCreditNote(c: CreditNoteRow, extra: { invoiceNumber: string; remainingMinor: number }): Static<typeof CreditNoteSchema> {
  return {
    id: c.id,
    number: c.number,
    invoiceId: c.invoice_id,
    invoiceNumber: extra.invoiceNumber,
    customerId: c.customer_id,
    kind: c.kind,
    currency: c.currency,
    subtotalMinor: Number(c.subtotal_minor),
    taxMinor: Number(c.tax_minor),
    totalMinor: Number(c.total_minor),
    remainingMinor: extra.remainingMinor,
    reason: c.reason,
    issuedOn: c.issued_on,
    issuedAt: new Date(c.issued_at).toISOString(),
    issuedBy: c.issued_by_label,
    customer: c.customer_snapshot,
  };
}

export function presentInvoice(d: InvoiceDetail): Static<typeof InvoiceSchema> {
  const i = d.invoice;
  return {
    id: i.id,
    number: i.number,
    status: i.status,
    kind: i.kind,
    customerId: i.customer_id,
    customerName: d.customer.name,
    accountNumber: d.customer.accountNumber,
    serviceId: i.service_id,
    currency: i.currency,
    issuedOn: i.issued_on,
    dueOn: i.due_on,
    periodStart: i.period_start,
    periodEnd: i.period_end,
    subtotalMinor: Number(i.subtotal_minor),
    taxMinor: Number(i.tax_minor),
    totalMinor: Number(i.total_minor),
    allocatedMinor: d.allocatedMinor,
    dueMinor: d.dueMinor,
    creditedMinor: d.creditedMinor,
    creditableMinor: d.creditableMinor,
    memo: i.memo,
    customer: i.customer_snapshot,
    voidReason: i.void_reason,
    voidedAt: iso(i.voided_at),
    finalizedAt: iso(i.finalized_at),
    uncollectibleAt: iso(i.uncollectible_at),
    createdAt: new Date(i.created_at).toISOString(),
    createdBy: i.created_by_label,
    lines: d.lines.map(presentLine),
    allocations: d.allocations.map(presentAllocation),
    creditNotes: d.creditNotes.map((c) => presentCreditNote(c, { invoiceNumber: i.number ?? '', remainingMinor: c.remainingMinor })),
  };
}

export function presentInvoiceSummary(s: InvoiceSummary): Static<typeof InvoiceSummarySchema> {
  return { ...s, createdAt: new Date(s.createdAt).toISOString() };
}

export function presentCharge(c: ChargeRow): Static<typeof ChargeSchema> {
  return {
    id: c.id,
    customerId: c.customer_id,
    serviceId: c.service_id,
    kind: c.kind,
    description: c.description,
    quantity: Number(c.quantity),
    unitPriceMinor: Number(c.unit_price_minor),
    taxClass: c.tax_class,
    status: c.status,
    invoiceId: c.invoice_id,
    periodStart: c.period_start,
    periodEnd: c.period_end,
    createdAt: new Date(c.created_at).toISOString(),
    createdBy: c.created_by_label,
  };
}
