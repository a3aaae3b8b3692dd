/**
 * Test support: issued billing documents written through the billing spine (lock, number,
 * snapshot, ledger, allocation), for the document and statement tests and the isolation
 * samples. The payment, receipt, credit-note and void use cases are built elsewhere; these
 * write the same rows the same way, with the date taken from the `at` instant given.
 */
import type { Database } from '../../db/database.ts';
import type { PaymentMethod, ReceiptContent } from '../../db/schema.ts';
import { withTenant, type TenantTx } from '../../db/tenancy.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { applyCredit, refreshInvoiceStatus } from '../billing/allocate.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { lockCustomerAccount, snapshotCustomer } from '../billing/customer-account.ts';
import { takeDocumentNumber } from '../billing/document-numbers.ts';
import { appendLedgerEntry } from '../billing/ledger-repository.ts';
import { NO_TAX, type TaxRule } from '../billing/line-tax.ts';
import { SYSTEM_ACTOR } from '../context.ts';
import { finalizeDraft } from '../invoices/finalize-draft.ts';
import { insertDraftInvoice } from '../invoices/invoices-repository.ts';
import { priceLine, type LineInput } from '../invoices/price-line.ts';

type Owner = { tenantId: string };

function inTenant<T>(db: Database, owner: Owner, fn: (trx: TenantTx, tenantId: string) => Promise<T>): Promise<T> {
  return withTenant(db, owner.tenantId, (trx) => fn(trx, owner.tenantId));
}

export const VAT_12: TaxRule = { taxClass: 'standard', name: 'VAT', ratePpm: 120000, inclusive: false };

/** A one-off invoice with these lines, finalized at `at` (its issue date in the tenant zone). */
export async function issueInvoice(
  db: Database,
  owner: Owner,
  input: { customerId: string; at: Date; lines?: Partial<LineInput>[]; periodStart?: string; periodEnd?: string; memo?: string },
): Promise<{ id: string; number: string }> {
  return inTenant(db, owner, async (trx, tenantId) => {
    const settings = await loadBillingSettings(trx, tenantId);
    const lines = (input.lines ?? [{}]).map((l) => priceLine({ kind: 'other', description: 'Service', unitPriceMinor: 100000, tax: NO_TAX, ...l }));
    const id = await insertDraftInvoice(
      trx,
      tenantId,
      {
        customerId: input.customerId,
        kind: input.periodStart ? 'recurring' : 'one_off',
        serviceId: null,
        currency: settings.currency,
        periodStart: input.periodStart ?? null,
        periodEnd: input.periodEnd ?? null,
        memo: input.memo ?? '',
        createdByLabel: 'test',
      },
      lines,
    );
    const { number } = await finalizeDraft({ tenantId, actor: SYSTEM_ACTOR, trx, now: () => input.at }, id, settings);
    return { id, number };
  });
}

/** A posted payment, allocated oldest invoice first, with its receipt. */
export async function payWithReceipt(
  db: Database,
  owner: Owner,
  input: { customerId: string; amountMinor: number; at: Date; method?: PaymentMethod; reference?: string },
): Promise<{ paymentId: string; receiptId: string; receiptNumber: string }> {
  return inTenant(db, owner, async (trx, tenantId) => {
    const settings = await loadBillingSettings(trx, tenantId);
    await lockCustomerAccount(trx, tenantId, input.customerId);
    const today = calendarDateIn(input.at, settings.timeZone);
    const method = input.method ?? 'cash';
    const payment = await trx
      .insertInto('payments')
      .values({
        tenant_id: tenantId,
        customer_id: input.customerId,
        service_id: null,
        amount_minor: input.amountMinor,
        currency: settings.currency,
        method,
        reference: input.reference ?? '',
        received_on: today,
        received_at: input.at,
        collected_by: null,
        collected_by_label: 'Cashier One',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendLedgerEntry(trx, tenantId, { customerId: input.customerId, entryType: 'payment', amountMinor: -input.amountMinor, currency: settings.currency, effectiveOn: today, description: 'Payment', paymentId: payment.id });
    const made = await applyCredit(trx, tenantId, input.customerId, { actorLabel: 'test', onlySources: [payment.id] });
    const applied = made.map((m) => ({ invoiceNumber: m.invoiceNumber, amountMinor: m.amountMinor }));
    const content: ReceiptContent = {
      customer: await snapshotCustomer(trx, tenantId, input.customerId),
      method,
      reference: input.reference ?? '',
      receivedOn: today,
      collectedBy: 'Cashier One',
      applied,
      creditMinor: input.amountMinor - applied.reduce((s, a) => s + a.amountMinor, 0),
      prepaid: null,
    };
    const { seq, number } = await takeDocumentNumber(trx, tenantId, 'receipt', settings);
    const receipt = await trx
      .insertInto('receipts')
      .values({
        tenant_id: tenantId,
        payment_id: payment.id,
        number,
        number_seq: seq,
        kind: settings.receiptKind,
        customer_id: input.customerId,
        amount_minor: input.amountMinor,
        currency: settings.currency,
        issued_at: input.at,
        issued_on: today,
        content: JSON.stringify(content),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { paymentId: payment.id, receiptId: receipt.id, receiptNumber: number };
  });
}

/** Voids a receipt and its payment: allocations reversed, the payment back on the ledger. */
export async function voidReceipt(db: Database, owner: Owner, input: { receiptId: string; reason: string; at: Date }): Promise<void> {
  await inTenant(db, owner, async (trx, tenantId) => {
    const settings = await loadBillingSettings(trx, tenantId);
    const receipt = await trx.selectFrom('receipts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', input.receiptId).executeTakeFirstOrThrow();
    await lockCustomerAccount(trx, tenantId, receipt.customer_id);
    await trx.updateTable('receipts').set({ voided_at: input.at, void_reason: input.reason, voided_by_label: 'test' }).where('tenant_id', '=', tenantId).where('id', '=', receipt.id).execute();
    await trx.updateTable('payments').set({ status: 'void', voided_at: input.at, void_reason: input.reason, voided_by_label: 'test' }).where('tenant_id', '=', tenantId).where('id', '=', receipt.payment_id).execute();
    const allocations = await trx.selectFrom('allocations').selectAll().where('tenant_id', '=', tenantId).where('payment_id', '=', receipt.payment_id).where('reverses_id', 'is', null).execute();
    for (const a of allocations) {
      await trx.insertInto('allocations').values({ tenant_id: tenantId, invoice_id: a.invoice_id, payment_id: a.payment_id, amount_minor: -a.amount_minor, reverses_id: a.id, actor_label: 'test' }).execute();
      await refreshInvoiceStatus(trx, tenantId, a.invoice_id);
    }
    await appendLedgerEntry(trx, tenantId, {
      customerId: receipt.customer_id,
      entryType: 'payment_void',
      amountMinor: receipt.amount_minor,
      currency: receipt.currency,
      effectiveOn: calendarDateIn(input.at, settings.timeZone),
      description: `Receipt ${receipt.number} voided`,
      paymentId: receipt.payment_id,
    });
  });
}

/** Voids an invoice nothing has paid yet. */
export async function voidInvoice(db: Database, owner: Owner, input: { invoiceId: string; reason: string; at: Date }): Promise<void> {
  await inTenant(db, owner, async (trx, tenantId) => {
    const settings = await loadBillingSettings(trx, tenantId);
    const invoice = await trx.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId).where('id', '=', input.invoiceId).executeTakeFirstOrThrow();
    await lockCustomerAccount(trx, tenantId, invoice.customer_id);
    await trx.updateTable('invoices').set({ status: 'void', voided_at: input.at, void_reason: input.reason }).where('tenant_id', '=', tenantId).where('id', '=', invoice.id).execute();
    await appendLedgerEntry(trx, tenantId, {
      customerId: invoice.customer_id,
      entryType: 'invoice_void',
      amountMinor: -invoice.total_minor,
      currency: invoice.currency,
      effectiveOn: calendarDateIn(input.at, settings.timeZone),
      description: `Invoice ${invoice.number ?? ''} voided`,
      invoiceId: invoice.id,
    });
  });
}

/** A credit note against an invoice, spent on the customer's open invoices. */
export async function issueCreditNote(
  db: Database,
  owner: Owner,
  input: { invoiceId: string; subtotalMinor: number; taxMinor: number; reason: string; at: Date },
): Promise<{ id: string; number: string }> {
  return inTenant(db, owner, async (trx, tenantId) => {
    const settings = await loadBillingSettings(trx, tenantId);
    const invoice = await trx.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId).where('id', '=', input.invoiceId).executeTakeFirstOrThrow();
    await lockCustomerAccount(trx, tenantId, invoice.customer_id);
    const today = calendarDateIn(input.at, settings.timeZone);
    const { seq, number } = await takeDocumentNumber(trx, tenantId, 'credit_note', settings);
    const total = input.subtotalMinor + input.taxMinor;
    const note = await trx
      .insertInto('credit_notes')
      .values({
        tenant_id: tenantId,
        invoice_id: invoice.id,
        customer_id: invoice.customer_id,
        number,
        number_seq: seq,
        currency: invoice.currency,
        subtotal_minor: input.subtotalMinor,
        tax_minor: input.taxMinor,
        total_minor: total,
        reason: input.reason,
        issued_on: today,
        issued_at: input.at,
        issued_by_label: 'test',
        customer_snapshot: JSON.stringify(await snapshotCustomer(trx, tenantId, invoice.customer_id)),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendLedgerEntry(trx, tenantId, { customerId: invoice.customer_id, entryType: 'credit_note', amountMinor: -total, currency: invoice.currency, effectiveOn: today, description: `Credit note ${number}`, creditNoteId: note.id });
    await applyCredit(trx, tenantId, invoice.customer_id, { actorLabel: 'test', onlySources: [note.id] });
    return { id: note.id, number };
  });
}

/** A signed balance adjustment dated `on`. */
export async function adjustBalance(db: Database, owner: Owner, input: { customerId: string; amountMinor: number; reason: string; on: string }): Promise<string> {
  return inTenant(db, owner, async (trx, tenantId) => {
    const settings = await loadBillingSettings(trx, tenantId);
    const row = await trx
      .insertInto('balance_adjustments')
      .values({ tenant_id: tenantId, customer_id: input.customerId, amount_minor: input.amountMinor, currency: settings.currency, reason: input.reason, effective_on: input.on, actor_label: 'test' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendLedgerEntry(trx, tenantId, { customerId: input.customerId, entryType: 'adjustment', amountMinor: input.amountMinor, currency: settings.currency, effectiveOn: input.on, description: '', adjustmentId: row.id });
    return row.id;
  });
}
