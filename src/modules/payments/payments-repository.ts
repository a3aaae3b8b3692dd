/**
 * Payments and their receipts. Rows are written once: a payment's and a receipt's facts
 * never change (triggers refuse it); voiding sets their void fields once.
 * bigint columns come back as strings from pg and numbers from PGlite: read through Number().
 */
import { sql, type Selectable } from 'kysely';
import { isUuid, type TenantTx } from '../../db/tenancy.ts';
import type { PaymentMethod, PaymentsTable, PaymentStatus, ReceiptContent, ReceiptKind } from '../../db/schema.ts';
import { pageFrom } from '../../lib/cursor.ts';
import { decodeTimeIdCursor } from '../../lib/keyset-cursor.ts';
import { escapeLike } from '../customers/customer-search-repository.ts';

export type PaymentRow = Selectable<PaymentsTable>;

export interface PaymentView {
  id: string;
  customerId: string;
  customerName: string;
  accountNumber: string;
  /** The prepaid service this payment bought time for. */
  serviceId: string | null;
  amountMinor: number;
  currency: string;
  method: PaymentMethod;
  reference: string;
  receivedOn: string;
  receivedAt: Date;
  collectedBy: string | null;
  collectedByLabel: string;
  notes: string;
  status: PaymentStatus;
  voidedAt: Date | null;
  voidReason: string | null;
  receiptId: string;
  receiptNumber: string;
}

export interface ReceiptView {
  id: string;
  paymentId: string;
  number: string;
  kind: ReceiptKind;
  customerId: string;
  amountMinor: number;
  currency: string;
  issuedAt: Date;
  issuedOn: string;
  content: ReceiptContent;
  voidedAt: Date | null;
  voidReason: string | null;
  voidedByLabel: string | null;
}

export interface NewPayment {
  customerId: string;
  serviceId: string | null;
  amountMinor: number;
  currency: string;
  method: PaymentMethod;
  reference: string;
  receivedOn: string;
  receivedAt: Date;
  collectedBy: string | null;
  collectedByLabel: string;
  notes: string;
}

export async function insertPayment(trx: TenantTx, tenantId: string, p: NewPayment): Promise<string> {
  const row = await trx
    .insertInto('payments')
    .values({
      tenant_id: tenantId,
      customer_id: p.customerId,
      service_id: p.serviceId,
      amount_minor: p.amountMinor,
      currency: p.currency,
      method: p.method,
      reference: p.reference,
      received_on: p.receivedOn,
      received_at: p.receivedAt,
      collected_by: p.collectedBy,
      collected_by_label: p.collectedByLabel,
      notes: p.notes,
      voided_at: null,
      void_reason: null,
      voided_by_label: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NewReceipt {
  paymentId: string;
  number: string;
  numberSeq: number;
  kind: ReceiptKind;
  customerId: string;
  amountMinor: number;
  currency: string;
  issuedAt: Date;
  issuedOn: string;
  content: ReceiptContent;
}

export async function insertReceipt(trx: TenantTx, tenantId: string, r: NewReceipt): Promise<string> {
  const row = await trx
    .insertInto('receipts')
    .values({
      tenant_id: tenantId,
      payment_id: r.paymentId,
      number: r.number,
      number_seq: r.numberSeq,
      kind: r.kind,
      customer_id: r.customerId,
      amount_minor: r.amountMinor,
      currency: r.currency,
      issued_at: r.issuedAt,
      issued_on: r.issuedOn,
      content: JSON.stringify(r.content),
      voided_at: null,
      void_reason: null,
      voided_by_label: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function selectPayments(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('payments as p')
    .innerJoin('customers as c', (j) => j.onRef('c.tenant_id', '=', 'p.tenant_id').onRef('c.id', '=', 'p.customer_id'))
    .innerJoin('receipts as r', (j) => j.onRef('r.tenant_id', '=', 'p.tenant_id').onRef('r.payment_id', '=', 'p.id'))
    .select([
      'p.id',
      'p.customer_id as customerId',
      'c.display_name as customerName',
      'c.account_number as accountNumber',
      'p.service_id as serviceId',
      'p.amount_minor as amountMinor',
      'p.currency',
      'p.method',
      'p.reference',
      'p.received_on as receivedOn',
      'p.received_at as receivedAt',
      'p.collected_by as collectedBy',
      'p.collected_by_label as collectedByLabel',
      'p.notes',
      'p.status',
      'p.voided_at as voidedAt',
      'p.void_reason as voidReason',
      'r.id as receiptId',
      'r.number as receiptNumber',
      sql<string>`p.received_at::text`.as('sort_at'),
    ])
    .where('p.tenant_id', '=', tenantId);
}

function toPaymentView(row: PaymentView & { sort_at?: string }): PaymentView {
  const { sort_at: _sortAt, ...view } = row;
  return { ...view, amountMinor: Number(row.amountMinor) };
}

export async function findPayment(trx: TenantTx, tenantId: string, paymentId: string): Promise<PaymentView | undefined> {
  if (!isUuid(paymentId)) return undefined;
  const row = await selectPayments(trx, tenantId).where('p.id', '=', paymentId).executeTakeFirst();
  return row ? toPaymentView(row) : undefined;
}

export interface PaymentFilter {
  /** Part of the reference, any case. */
  reference?: string | undefined;
  customerId?: string | undefined;
  method?: PaymentMethod | undefined;
  status?: PaymentStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Newest first, by when they were received. */
export async function listPayments(trx: TenantTx, tenantId: string, filter: PaymentFilter): Promise<{ items: PaymentView[]; nextCursor: string | null }> {
  let query = selectPayments(trx, tenantId);
  if (filter.reference) query = query.where('p.reference', 'ilike', `%${escapeLike(filter.reference)}%`);
  if (filter.customerId) query = isUuid(filter.customerId) ? query.where('p.customer_id', '=', filter.customerId) : query.where(sql<boolean>`false`);
  if (filter.method) query = query.where('p.method', '=', filter.method);
  if (filter.status) query = query.where('p.status', '=', filter.status);
  const after = decodeTimeIdCursor(filter.cursor);
  if (after) query = query.where(sql<boolean>`(p.received_at, p.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
  const rows = await query.orderBy('p.received_at', 'desc').orderBy('p.id', 'desc').limit(filter.limit + 1).execute();
  const page = pageFrom(rows, filter.limit, (r) => [r.sort_at, r.id]);
  return { items: page.items.map(toPaymentView), nextCursor: page.nextCursor };
}

/** The payment row itself, locked: voiding reads it under the customer lock. */
export async function lockPaymentRow(trx: TenantTx, tenantId: string, paymentId: string): Promise<PaymentRow | undefined> {
  return trx.selectFrom('payments').selectAll().where('tenant_id', '=', tenantId).where('id', '=', paymentId).forUpdate().executeTakeFirst();
}

function selectReceipts(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('receipts')
    .select([
      'id',
      'payment_id as paymentId',
      'number',
      'kind',
      'customer_id as customerId',
      'amount_minor as amountMinor',
      'currency',
      'issued_at as issuedAt',
      'issued_on as issuedOn',
      'content',
      'voided_at as voidedAt',
      'void_reason as voidReason',
      'voided_by_label as voidedByLabel',
      sql<string>`issued_at::text`.as('sort_at'),
    ])
    .where('tenant_id', '=', tenantId);
}

function toReceiptView(row: ReceiptView & { sort_at?: string }): ReceiptView {
  const { sort_at: _sortAt, ...view } = row;
  return { ...view, amountMinor: Number(row.amountMinor) };
}

export async function findReceipt(trx: TenantTx, tenantId: string, receiptId: string): Promise<ReceiptView | undefined> {
  if (!isUuid(receiptId)) return undefined;
  const row = await selectReceipts(trx, tenantId).where('id', '=', receiptId).executeTakeFirst();
  return row ? toReceiptView(row) : undefined;
}

export async function findReceiptOfPayment(trx: TenantTx, tenantId: string, paymentId: string): Promise<ReceiptView | undefined> {
  const row = await selectReceipts(trx, tenantId).where('payment_id', '=', paymentId).executeTakeFirst();
  return row ? toReceiptView(row) : undefined;
}

/** Newest first; voided receipts stay in the list (they are marked, never removed). */
export async function listReceipts(
  trx: TenantTx,
  tenantId: string,
  filter: { customerId?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: ReceiptView[]; nextCursor: string | null }> {
  let query = selectReceipts(trx, tenantId);
  if (filter.customerId) query = isUuid(filter.customerId) ? query.where('customer_id', '=', filter.customerId) : query.where(sql<boolean>`false`);
  const after = decodeTimeIdCursor(filter.cursor);
  if (after) query = query.where(sql<boolean>`(issued_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
  const rows = await query.orderBy('issued_at', 'desc').orderBy('id', 'desc').limit(filter.limit + 1).execute();
  const page = pageFrom(rows, filter.limit, (r) => [r.sort_at, r.id]);
  return { items: page.items.map(toReceiptView), nextCursor: page.nextCursor };
}

export async function setReceiptVoid(trx: TenantTx, tenantId: string, receiptId: string, v: { at: Date; reason: string; byLabel: string }): Promise<void> {
  await trx
    .updateTable('receipts')
    .set({ voided_at: v.at, void_reason: v.reason, voided_by_label: v.byLabel })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', receiptId)
    .execute();
}

export async function setPaymentVoid(trx: TenantTx, tenantId: string, paymentId: string, v: { at: Date; reason: string; byLabel: string }): Promise<void> {
  await trx
    .updateTable('payments')
    .set({ status: 'void', voided_at: v.at, void_reason: v.reason, voided_by_label: v.byLabel })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', paymentId)
    .execute();
}

export interface PaymentAllocation {
  id: string;
  invoiceId: string;
  invoiceNumber: string;
  amountMinor: number;
  /** A later row undid this one (a voided receipt or invoice). */
  reversed: boolean;
  createdAt: Date;
}

/** What this payment paid, in the invoices' issue order: its positive allocations, each marked when it was reversed since. */
export async function listPaymentAllocations(trx: TenantTx, tenantId: string, paymentId: string): Promise<PaymentAllocation[]> {
  const rows = await trx
    .selectFrom('allocations as a')
    .innerJoin('invoices as i', (j) => j.onRef('i.tenant_id', '=', 'a.tenant_id').onRef('i.id', '=', 'a.invoice_id'))
    .select(['a.id', 'a.invoice_id as invoiceId', 'i.number as invoiceNumber', 'a.amount_minor as amountMinor', 'a.created_at as createdAt'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('allocations as r')
            .select('r.id')
            .whereRef('r.tenant_id', '=', 'a.tenant_id')
            .whereRef('r.reverses_id', '=', 'a.id'),
        )
        .as('reversed'),
    )
    .where('a.tenant_id', '=', tenantId)
    .where('a.payment_id', '=', paymentId)
    .where('a.amount_minor', '>', 0)
    .orderBy('i.issued_on')
    .orderBy('i.number_seq')
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({ ...r, invoiceNumber: r.invoiceNumber ?? '', amountMinor: Number(r.amountMinor), reversed: Boolean(r.reversed) }));
}
