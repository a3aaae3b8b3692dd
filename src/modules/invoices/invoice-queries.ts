/**
 * Invoice reads and the few status writes staff make (void, uncollectible), beside the
 * spine's invoices-repository.ts. Allocations are append-only: undoing one is a negative
 * row naming it (reverses_id, unique, so an allocation is reversed at most once).
 */
import { sql } from 'kysely';
import { isUuid, type TenantTx } from '../../db/tenancy.ts';
import type { InvoiceKind, InvoiceStatus } from '../../db/schema.ts';
import type { CreditSourceKind } from '../billing/account-repository.ts';
import type { InvoiceRow } from './invoices-repository.ts';

export async function lockInvoice(trx: TenantTx, tenantId: string, invoiceId: string): Promise<InvoiceRow | undefined> {
  if (!isUuid(invoiceId)) return undefined;
  return trx.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId).where('id', '=', invoiceId).forUpdate().executeTakeFirst();
}

export async function findInvoiceById(trx: TenantTx, tenantId: string, invoiceId: string): Promise<InvoiceRow | undefined> {
  if (!isUuid(invoiceId)) return undefined;
  return trx.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId).where('id', '=', invoiceId).executeTakeFirst();
}

export async function nextLinePosition(trx: TenantTx, tenantId: string, invoiceId: string): Promise<number> {
  const row = await trx
    .selectFrom('invoice_lines')
    .select(sql<number>`coalesce(max(position), 0)::int + 1`.as('next'))
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

export async function deleteInvoiceLine(trx: TenantTx, tenantId: string, invoiceId: string, lineId: string): Promise<boolean> {
  if (!isUuid(lineId)) return false;
  const rows = await trx.deleteFrom('invoice_lines').where('tenant_id', '=', tenantId).where('invoice_id', '=', invoiceId).where('id', '=', lineId).returning('id').execute();
  return rows.length > 0;
}

export interface InvoiceListItem {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  kind: InvoiceKind;
  customerId: string;
  customerName: string;
  accountNumber: string;
  currency: string;
  issuedOn: string | null;
  dueOn: string | null;
  totalMinor: number;
  allocatedMinor: number;
  createdAt: Date;
  createdKey: string;
}

export interface InvoiceListFilter {
  status?: InvoiceStatus | undefined;
  customerId?: string | undefined;
  /** Part of the invoice number, any case ("42" finds INV-000042). */
  number?: string | undefined;
}

/** Newest first, by (created_at, id), for keyset pagination. */
export async function listInvoiceRows(trx: TenantTx, tenantId: string, filter: InvoiceListFilter, page: { limit: number; after?: { createdKey: string; id: string } | undefined }): Promise<InvoiceListItem[]> {
  let query = trx
    .selectFrom('invoices as i')
    .innerJoin('customers as c', (j) => j.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.customer_id'))
    .select([
      'i.id',
      'i.number',
      'i.status',
      'i.kind',
      'i.customer_id as customerId',
      'c.display_name as customerName',
      'c.account_number as accountNumber',
      'i.currency',
      'i.issued_on as issuedOn',
      'i.due_on as dueOn',
      'i.total_minor as totalMinor',
      'i.created_at as createdAt',
      sql<string>`i.created_at::text`.as('createdKey'),
    ])
    .select((eb) =>
      eb
        .selectFrom('allocations as a')
        .select(sql<number>`coalesce(sum(a.amount_minor), 0)::bigint`.as('s'))
        .whereRef('a.tenant_id', '=', 'i.tenant_id')
        .whereRef('a.invoice_id', '=', 'i.id')
        .as('allocatedMinor'),
    )
    .where('i.tenant_id', '=', tenantId);
  if (filter.status) query = query.where('i.status', '=', filter.status);
  if (filter.customerId) query = query.where('i.customer_id', '=', filter.customerId);
  if (filter.number) query = query.where('i.number', 'ilike', `%${filter.number.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (page.after) query = query.where(sql<boolean>`(i.created_at, i.id) < (${page.after.createdKey}::timestamptz, ${page.after.id}::uuid)`);
  const rows = await query.orderBy('i.created_at', 'desc').orderBy('i.id', 'desc').limit(page.limit + 1).execute();
  return rows.map((r) => ({ ...r, totalMinor: Number(r.totalMinor), allocatedMinor: Number(r.allocatedMinor ?? 0) }));
}

export interface AllocationView {
  id: string;
  amountMinor: number;
  createdAt: Date;
  actorLabel: string;
  reversesId: string | null;
  /** True when a later row reverses this one. */
  reversed: boolean;
  /** The invoice the credit went to. */
  invoiceId: string;
  invoiceNumber: string | null;
  sourceKind: CreditSourceKind;
  sourceId: string;
  /** Receipt number of a payment, credit-note number, or the credit invoice's number. */
  sourceLabel: string;
  /** Where the source is shown: the payment's receipt, the credit note, the credit invoice. */
  sourceHref: string | null;
}

function sourceHref(kind: CreditSourceKind, id: string, receiptId: string | null): string | null {
  if (kind === 'payment') return receiptId ? `/app/receipts/${receiptId}` : null;
  return kind === 'credit_note' ? `/app/credit-notes/${id}` : `/app/invoices/${id}`;
}

/** Allocations to an invoice, and (for a negative invoice) allocations out of it, oldest first. */
export async function listAllocationsTouching(trx: TenantTx, tenantId: string, invoiceId: string): Promise<AllocationView[]> {
  const result = await sql<{
    id: string;
    amount_minor: number;
    created_at: Date;
    actor_label: string;
    reverses_id: string | null;
    reversed: boolean;
    invoice_id: string;
    invoice_number: string | null;
    source_kind: CreditSourceKind;
    source_id: string;
    source_label: string | null;
    receipt_id: string | null;
  }>`
    select a.id, a.amount_minor, a.created_at, a.actor_label, a.reverses_id,
           exists (select 1 from allocations r where r.tenant_id = a.tenant_id and r.reverses_id = a.id) as reversed,
           a.invoice_id, ti.number as invoice_number,
           case when a.payment_id is not null then 'payment' when a.credit_note_id is not null then 'credit_note' else 'credit_invoice' end as source_kind,
           coalesce(a.payment_id, a.credit_note_id, a.credit_invoice_id) as source_id,
           coalesce(rc.number, cn.number, ci.number) as source_label, rc.id as receipt_id
      from allocations a
      join invoices ti on ti.tenant_id = a.tenant_id and ti.id = a.invoice_id
      left join receipts rc on rc.tenant_id = a.tenant_id and rc.payment_id = a.payment_id
      left join credit_notes cn on cn.tenant_id = a.tenant_id and cn.id = a.credit_note_id
      left join invoices ci on ci.tenant_id = a.tenant_id and ci.id = a.credit_invoice_id
     where a.tenant_id = ${tenantId} and (a.invoice_id = ${invoiceId} or a.credit_invoice_id = ${invoiceId})
     order by a.created_at, a.id`.execute(trx);
  return result.rows.map((r) => ({
    id: r.id,
    amountMinor: Number(r.amount_minor),
    createdAt: r.created_at,
    actorLabel: r.actor_label,
    reversesId: r.reverses_id,
    reversed: r.reversed,
    invoiceId: r.invoice_id,
    invoiceNumber: r.invoice_number,
    sourceKind: r.source_kind,
    sourceId: r.source_id,
    sourceLabel: r.source_label ?? '',
    sourceHref: sourceHref(r.source_kind, r.source_id, r.receipt_id),
  }));
}

export async function setInvoiceVoid(trx: TenantTx, tenantId: string, invoiceId: string, reason: string, at: Date): Promise<void> {
  await trx
    .updateTable('invoices')
    .set({ status: 'void', voided_at: at, void_reason: reason, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', invoiceId)
    .execute();
}

export async function setInvoiceUncollectible(trx: TenantTx, tenantId: string, invoiceId: string, at: Date): Promise<void> {
  await trx
    .updateTable('invoices')
    .set({ status: 'uncollectible', uncollectible_at: at, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', invoiceId)
    .execute();
}
