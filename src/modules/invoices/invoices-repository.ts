/** Invoice rows and their lines. */
import type { Selectable } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import type { InvoiceKind, InvoiceLinesTable, InvoicesTable } from '../../db/schema.ts';
import { notFound } from '../../lib/errors.ts';
import type { PricedLine } from './price-line.ts';
import { sumLines } from './price-line.ts';

export type InvoiceRow = Selectable<InvoicesTable>;
export type InvoiceLineRow = Selectable<InvoiceLinesTable>;

export interface NewDraftInvoice {
  customerId: string;
  kind: InvoiceKind;
  serviceId: string | null;
  currency: string;
  periodStart: string | null;
  periodEnd: string | null;
  memo: string;
  createdByLabel: string;
  billingRunId?: string | null;
}

/** Writes a draft and its lines, with totals summed from the lines. */
export async function insertDraftInvoice(trx: TenantTx, tenantId: string, header: NewDraftInvoice, lines: readonly PricedLine[]): Promise<string> {
  const totals = sumLines(lines);
  const row = await trx
    .insertInto('invoices')
    .values({
      tenant_id: tenantId,
      customer_id: header.customerId,
      service_id: header.serviceId,
      kind: header.kind,
      status: 'draft',
      number: null,
      number_seq: null,
      currency: header.currency,
      period_start: header.periodStart,
      period_end: header.periodEnd,
      subtotal_minor: totals.subtotalMinor,
      tax_minor: totals.taxMinor,
      total_minor: totals.totalMinor,
      memo: header.memo,
      billing_run_id: header.billingRunId ?? null,
      created_by_label: header.createdByLabel,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertLines(trx, tenantId, row.id, lines, 1);
  return row.id;
}

export async function insertLines(trx: TenantTx, tenantId: string, invoiceId: string, lines: readonly PricedLine[], firstPosition: number): Promise<void> {
  if (lines.length === 0) return;
  await trx
    .insertInto('invoice_lines')
    .values(lines.map((l, i) => ({ tenant_id: tenantId, invoice_id: invoiceId, position: firstPosition + i, ...l })))
    .execute();
}

/** Re-sums a draft's totals from its lines (after lines were added or removed). */
export async function resumDraftTotals(trx: TenantTx, tenantId: string, invoiceId: string): Promise<void> {
  const lines = await listInvoiceLines(trx, tenantId, invoiceId);
  const totals = sumLines(lines);
  await trx
    .updateTable('invoices')
    .set({ subtotal_minor: totals.subtotalMinor, tax_minor: totals.taxMinor, total_minor: totals.totalMinor, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', invoiceId)
    .where('status', '=', 'draft')
    .execute();
}

export async function findInvoice(trx: TenantTx, tenantId: string, invoiceId: string): Promise<InvoiceRow | undefined> {
  return trx.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId).where('id', '=', invoiceId).executeTakeFirst();
}

export async function getInvoice(trx: TenantTx, tenantId: string, invoiceId: string): Promise<InvoiceRow> {
  const invoice = await findInvoice(trx, tenantId, invoiceId);
  if (!invoice) throw notFound('invoice');
  return invoice;
}

export async function listInvoiceLines(trx: TenantTx, tenantId: string, invoiceId: string): Promise<InvoiceLineRow[]> {
  return trx.selectFrom('invoice_lines').selectAll().where('tenant_id', '=', tenantId).where('invoice_id', '=', invoiceId).orderBy('position').execute();
}
