/**
 * What a customer owes invoice by invoice, and where their credit sits. Nothing here is
 * cached: amounts due and credit left are computed from the append-only allocations and
 * refunds every time, inside the transaction that holds the customer lock.
 */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';

export interface OpenInvoice {
  id: string;
  number: string;
  totalMinor: number;
  allocatedMinor: number;
  dueMinor: number;
}

export type CreditSourceKind = 'payment' | 'credit_note' | 'credit_invoice';

export interface CreditSource {
  kind: CreditSourceKind;
  id: string;
  /** What this source can still give. */
  remainingMinor: number;
}

const dueOf = (i: { total_minor: number; allocated: string }) => i.total_minor - Number(i.allocated);

/** Open and partially paid invoices, oldest first (issue date, then number). */
export async function listOpenInvoices(trx: TenantTx, tenantId: string, customerId: string): Promise<OpenInvoice[]> {
  const rows = await trx
    .selectFrom('invoices as i')
    .select(['i.id', 'i.number', 'i.total_minor'])
    .select((eb) =>
      eb
        .selectFrom('allocations as a')
        .select(sql<string>`coalesce(sum(a.amount_minor), 0)::text`.as('s'))
        .whereRef('a.tenant_id', '=', 'i.tenant_id')
        .whereRef('a.invoice_id', '=', 'i.id')
        .as('allocated'),
    )
    .where('i.tenant_id', '=', tenantId)
    .where('i.customer_id', '=', customerId)
    .where('i.status', 'in', ['open', 'partially_paid'])
    .orderBy('i.issued_on')
    .orderBy('i.number_seq')
    .execute();
  return rows.map((r) => {
    const allocated = Number(r.allocated ?? '0');
    return { id: r.id, number: r.number ?? '', totalMinor: r.total_minor, allocatedMinor: allocated, dueMinor: dueOf({ total_minor: r.total_minor, allocated: String(allocated) }) };
  });
}

/** What is still due on one invoice: its total less everything allocated to it. */
export async function invoiceAllocatedMinor(trx: TenantTx, tenantId: string, invoiceId: string): Promise<number> {
  const row = await trx
    .selectFrom('allocations')
    .select(sql<string>`coalesce(sum(amount_minor), 0)::text`.as('s'))
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  return Number(row.s);
}

/**
 * Every credit source of some customers with what it has left: posted payments, credit
 * notes and negative-total invoices, each less what was allocated from it and refunded
 * out of it. The one place that arithmetic lives; the billing run asks it which customers
 * hold credit, allocation asks it what one customer can spend.
 */
function creditSourcesOf(tenantId: string, customerIds: readonly string[]) {
  const customers = sql`any(${customerIds}::uuid[])`;
  return sql<{ customer_id: string; kind: CreditSourceKind; id: string; at: Date; remaining: string }>`(
      select p.customer_id, 'payment' as kind, p.id, p.received_at as at,
             p.amount_minor
               - coalesce((select sum(a.amount_minor) from allocations a where a.tenant_id = p.tenant_id and a.payment_id = p.id), 0)
               - coalesce((select sum(r.amount_minor) from refunds r where r.tenant_id = p.tenant_id and r.payment_id = p.id), 0) as remaining
        from payments p
       where p.tenant_id = ${tenantId} and p.customer_id = ${customers} and p.status = 'posted'
      union all
      select c.customer_id, 'credit_note', c.id, c.issued_at,
             c.total_minor
               - coalesce((select sum(a.amount_minor) from allocations a where a.tenant_id = c.tenant_id and a.credit_note_id = c.id), 0)
               - coalesce((select sum(r.amount_minor) from refunds r where r.tenant_id = c.tenant_id and r.credit_note_id = c.id), 0)
        from credit_notes c
       where c.tenant_id = ${tenantId} and c.customer_id = ${customers}
      union all
      select i.customer_id, 'credit_invoice', i.id, i.finalized_at,
             -i.total_minor
               - coalesce((select sum(a.amount_minor) from allocations a where a.tenant_id = i.tenant_id and a.credit_invoice_id = i.id), 0)
               - coalesce((select sum(r.amount_minor) from refunds r where r.tenant_id = i.tenant_id and r.credit_invoice_id = i.id), 0)
        from invoices i
       where i.tenant_id = ${tenantId} and i.customer_id = ${customers} and i.total_minor < 0 and i.status not in ('draft', 'void')
    )`;
}

/** The customer's unspent credit, oldest first. */
export async function listCreditSources(trx: TenantTx, tenantId: string, customerId: string): Promise<CreditSource[]> {
  const result = await sql<{ kind: CreditSourceKind; id: string; remaining: string }>`
    select kind, id, remaining::text from ${creditSourcesOf(tenantId, [customerId])} sources
    where remaining > 0
    order by at, id`.execute(trx);
  return result.rows.map((r) => ({ kind: r.kind, id: r.id, remainingMinor: Number(r.remaining) }));
}

/** Customers among these who hold unspent credit. */
export async function customersWithCredit(trx: TenantTx, tenantId: string, customerIds: readonly string[]): Promise<string[]> {
  if (customerIds.length === 0) return [];
  const result = await sql<{ customer_id: string }>`
    select distinct customer_id from ${creditSourcesOf(tenantId, customerIds)} sources where remaining > 0`.execute(trx);
  return result.rows.map((r) => r.customer_id);
}

export function sourceColumns(source: { kind: CreditSourceKind; id: string }): {
  payment_id: string | null;
  credit_note_id: string | null;
  credit_invoice_id: string | null;
} {
  return {
    payment_id: source.kind === 'payment' ? source.id : null,
    credit_note_id: source.kind === 'credit_note' ? source.id : null,
    credit_invoice_id: source.kind === 'credit_invoice' ? source.id : null,
  };
}

const SOURCE_COLUMN = { payment: 'payment_id', credit_note: 'credit_note_id', credit_invoice: 'credit_invoice_id' } as const;

/** Money refunded to the customer out of one credit source (a refunded source cannot be voided). */
export async function refundedFromSource(trx: TenantTx, tenantId: string, source: { kind: CreditSourceKind; id: string }): Promise<number> {
  const row = await trx
    .selectFrom('refunds')
    .select(sql<string>`coalesce(sum(amount_minor), 0)::text`.as('s'))
    .where('tenant_id', '=', tenantId)
    .where(SOURCE_COLUMN[source.kind], '=', source.id)
    .executeTakeFirstOrThrow();
  return Number(row.s);
}
