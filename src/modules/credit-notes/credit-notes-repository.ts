/** Credit notes: append-only (the table refuses UPDATE and DELETE). */
import { sql, type Selectable } from 'kysely';
import { isUuid, type TenantTx } from '../../db/tenancy.ts';
import type { CreditNotesTable, CustomerSnapshot } from '../../db/schema.ts';

export type CreditNoteRow = Selectable<CreditNotesTable>;

export interface NewCreditNote {
  invoiceId: string;
  customerId: string;
  seq: number;
  number: string;
  currency: string;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  reason: string;
  issuedOn: string;
  issuedAt: Date;
  issuedByLabel: string;
  customerSnapshot: CustomerSnapshot;
}

export async function insertCreditNote(trx: TenantTx, tenantId: string, note: NewCreditNote): Promise<CreditNoteRow> {
  return trx
    .insertInto('credit_notes')
    .values({
      tenant_id: tenantId,
      invoice_id: note.invoiceId,
      customer_id: note.customerId,
      number: note.number,
      number_seq: note.seq,
      kind: 'manual',
      currency: note.currency,
      subtotal_minor: note.subtotalMinor,
      tax_minor: note.taxMinor,
      total_minor: note.totalMinor,
      reason: note.reason,
      issued_on: note.issuedOn,
      issued_at: note.issuedAt,
      issued_by_label: note.issuedByLabel,
      customer_snapshot: JSON.stringify(note.customerSnapshot),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findCreditNote(trx: TenantTx, tenantId: string, creditNoteId: string): Promise<CreditNoteRow | undefined> {
  if (!isUuid(creditNoteId)) return undefined;
  return trx.selectFrom('credit_notes').selectAll().where('tenant_id', '=', tenantId).where('id', '=', creditNoteId).executeTakeFirst();
}

export async function listCreditNotesOfInvoice(trx: TenantTx, tenantId: string, invoiceId: string): Promise<CreditNoteRow[]> {
  return trx.selectFrom('credit_notes').selectAll().where('tenant_id', '=', tenantId).where('invoice_id', '=', invoiceId).orderBy('number_seq').execute();
}

/** Everything credited on an invoice so far (gross). */
export async function creditedOnInvoiceMinor(trx: TenantTx, tenantId: string, invoiceId: string): Promise<number> {
  const row = await trx
    .selectFrom('credit_notes')
    .select(sql<number>`coalesce(sum(total_minor), 0)::bigint`.as('s'))
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  return Number(row.s);
}

/** What a credit note still holds: its total less what was allocated and refunded out of it. */
export async function creditNoteRemainingMinor(trx: TenantTx, tenantId: string, note: CreditNoteRow): Promise<number> {
  const row = await sql<{ used: string }>`
    select (coalesce((select sum(amount_minor) from allocations where tenant_id = ${tenantId} and credit_note_id = ${note.id}), 0)
          + coalesce((select sum(amount_minor) from refunds where tenant_id = ${tenantId} and credit_note_id = ${note.id}), 0))::text as used`.execute(trx);
  return Number(note.total_minor) - Number(row.rows[0]?.used ?? 0);
}
