/**
 * Invoice, receipt and credit-note numbers: one gapless counter per tenant and document
 * type (src/db/counters.ts), taken inside the transaction that issues the document, so a
 * rollback returns the number and concurrent issuers queue on the counter row.
 */
import type { TenantTx } from '../../db/tenancy.ts';
import { formatNumber, takeNumbers } from '../../db/counters.ts';
import type { BillingSettings } from './billing-settings.ts';

export type NumberedDocument = 'invoice' | 'receipt' | 'credit_note';

export interface DocumentNumber {
  seq: number;
  number: string;
}

function prefixFor(kind: NumberedDocument, settings: BillingSettings): string {
  if (kind === 'invoice') return settings.invoicePrefix;
  if (kind === 'receipt') return settings.receiptPrefix;
  return settings.creditNotePrefix;
}

export async function takeDocumentNumbers(
  trx: TenantTx,
  tenantId: string,
  kind: NumberedDocument,
  settings: BillingSettings,
  count: number,
): Promise<DocumentNumber[]> {
  const first = await takeNumbers(trx, tenantId, kind, count);
  const prefix = prefixFor(kind, settings);
  return Array.from({ length: count }, (_, i) => ({ seq: first + i, number: formatNumber(prefix, first + i, settings.numberDigits) }));
}

export async function takeDocumentNumber(trx: TenantTx, tenantId: string, kind: NumberedDocument, settings: BillingSettings): Promise<DocumentNumber> {
  const [taken] = await takeDocumentNumbers(trx, tenantId, kind, settings, 1);
  if (!taken) throw new Error('no number taken');
  return taken;
}
