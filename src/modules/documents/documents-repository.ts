/**
 * Reads for printing billing documents. Every query filters by tenant_id (RLS would too);
 * ids that are not UUIDs are simply not found.
 */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { isUuid, type TenantTx } from '../../db/tenancy.ts';
import type { CreditNotesTable, ReceiptsTable } from '../../db/schema.ts';
import { loadBillingSettings, type BillingSettings } from '../billing/billing-settings.ts';
import { findLogo } from '../settings/settings-repository.ts';
import type { Letterhead } from './pdf-canvas.ts';

/** The tenant's letterhead and the settings documents are printed with. */
export async function loadLetterhead(trx: TenantTx, tenantId: string): Promise<{ letterhead: Letterhead; settings: BillingSettings }> {
  const settings = await loadBillingSettings(trx, tenantId);
  const logo = await findLogo(trx, tenantId);
  return { settings, letterhead: { company: settings.company, logo: logo ?? null, locale: settings.locale } };
}

export interface AppliedCredit {
  label: string;
  amountMinor: number;
}

/**
 * What paid an invoice, one row per source document, net of reversals (a voided receipt's
 * allocations cancel out and drop away). A payment is named by its receipt.
 */
export async function listInvoiceCredits(trx: TenantTx, tenantId: string, invoiceId: string): Promise<AppliedCredit[]> {
  const result = await sql<{ kind: string; number: string | null; amount: string }>`
    select case when a.payment_id is not null then 'Payment' when a.credit_note_id is not null then 'Credit note' else 'Credit from invoice' end as kind,
           coalesce(r.number, cn.number, ci.number) as number,
           sum(a.amount_minor)::text as amount
      from allocations a
      left join receipts r on r.tenant_id = a.tenant_id and r.payment_id = a.payment_id
      left join credit_notes cn on cn.tenant_id = a.tenant_id and cn.id = a.credit_note_id
      left join invoices ci on ci.tenant_id = a.tenant_id and ci.id = a.credit_invoice_id
     where a.tenant_id = ${tenantId} and a.invoice_id = ${invoiceId}
     group by a.payment_id, a.credit_note_id, a.credit_invoice_id, r.number, cn.number, ci.number
    having sum(a.amount_minor) <> 0
     order by min(a.created_at), min(a.id::text)`.execute(trx);
  return result.rows.map((r) => ({ label: r.number ? `${r.kind} ${r.number}` : r.kind, amountMinor: Number(r.amount) }));
}

export type ReceiptRow = Selectable<ReceiptsTable>;

export async function findReceipt(trx: TenantTx, tenantId: string, receiptId: string): Promise<ReceiptRow | undefined> {
  if (!isUuid(receiptId)) return undefined;
  return trx.selectFrom('receipts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', receiptId).executeTakeFirst();
}

export type CreditNoteWithInvoice = Selectable<CreditNotesTable> & { invoice_number: string | null; invoice_issued_on: string | null };

export async function findCreditNote(trx: TenantTx, tenantId: string, creditNoteId: string): Promise<CreditNoteWithInvoice | undefined> {
  if (!isUuid(creditNoteId)) return undefined;
  return trx
    .selectFrom('credit_notes as c')
    .innerJoin('invoices as i', (j) => j.onRef('i.tenant_id', '=', 'c.tenant_id').onRef('i.id', '=', 'c.invoice_id'))
    .selectAll('c')
    .select(['i.number as invoice_number', 'i.issued_on as invoice_issued_on'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.id', '=', creditNoteId)
    .executeTakeFirst();
}

/** Where a credit note's credit went: invoices it paid (net of reversals), then refunds. */
export async function listCreditNoteUses(trx: TenantTx, tenantId: string, creditNoteId: string): Promise<AppliedCredit[]> {
  const result = await sql<{ label: string; amount: string }>`
    select label, amount::text from (
      select 'Applied to invoice ' || i.number as label, sum(a.amount_minor) as amount, min(a.created_at) as at
        from allocations a
        join invoices i on i.tenant_id = a.tenant_id and i.id = a.invoice_id
       where a.tenant_id = ${tenantId} and a.credit_note_id = ${creditNoteId}
       group by i.number
      having sum(a.amount_minor) <> 0
      union all
      select 'Refunded', r.amount_minor, r.created_at
        from refunds r
       where r.tenant_id = ${tenantId} and r.credit_note_id = ${creditNoteId}
    ) uses
    order by at, label`.execute(trx);
  return result.rows.map((r) => ({ label: r.label, amountMinor: Number(r.amount) }));
}
