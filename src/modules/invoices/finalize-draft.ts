/**
 * Turning a draft into an issued invoice, shared by every path that issues one (staff
 * finalizing a draft, a prepaid top-up, an immediate plan change). The billing run issues
 * its invoices in bulk with the same rules (src/modules/billing-runs).
 *
 * In one transaction: lock the customer, take the next gapless number, freeze the
 * customer's details, date it (today in the tenant's zone, due after the payment terms),
 * post it to the ledger, and spend any credit the customer has on it.
 */
import { sql } from 'kysely';
import type { TenantContext } from '../context.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { conflict } from '../../lib/errors.ts';
import type { BillingSettings } from '../billing/billing-settings.ts';
import { addDays } from '../billing/billing-calendar.ts';
import { lockCustomerAccount, snapshotCustomer } from '../billing/customer-account.ts';
import { takeDocumentNumber } from '../billing/document-numbers.ts';
import { appendLedgerEntry } from '../billing/ledger-repository.ts';
import { applyCredit } from '../billing/allocate.ts';
import { getInvoice, listInvoiceLines } from './invoices-repository.ts';
import { sumLines } from './price-line.ts';

export async function finalizeDraft(ctx: TenantContext, invoiceId: string, settings: BillingSettings): Promise<{ number: string }> {
  const draft = await getInvoice(ctx.trx, ctx.tenantId, invoiceId);
  await lockCustomerAccount(ctx.trx, ctx.tenantId, draft.customer_id);
  // Re-read under the lock: another clerk may have finalized it a moment ago.
  const invoice = await ctx.trx
    .selectFrom('invoices')
    .select(['status'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', invoiceId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (invoice.status !== 'draft') throw conflict('invoice_not_draft', 'This invoice is already finalized');
  const lines = await listInvoiceLines(ctx.trx, ctx.tenantId, invoiceId);
  if (lines.length === 0) throw conflict('invoice_empty', 'An invoice needs at least one line before it is finalized');
  const totals = sumLines(lines);

  const today = calendarDateIn(ctx.now(), settings.timeZone);
  const { seq, number } = await takeDocumentNumber(ctx.trx, ctx.tenantId, 'invoice', settings);
  const snapshot = await snapshotCustomer(ctx.trx, ctx.tenantId, draft.customer_id);
  await ctx.trx
    .updateTable('invoices')
    .set({
      status: totals.totalMinor <= 0 ? 'paid' : 'open',
      number,
      number_seq: seq,
      issued_on: today,
      due_on: addDays(today, settings.paymentTermsDays),
      subtotal_minor: totals.subtotalMinor,
      tax_minor: totals.taxMinor,
      total_minor: totals.totalMinor,
      customer_snapshot: JSON.stringify(snapshot),
      // SQL now(), not the injected clock: the line guard trigger compares against it.
      finalized_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', invoiceId)
    .execute();
  await appendLedgerEntry(ctx.trx, ctx.tenantId, {
    customerId: draft.customer_id,
    entryType: 'invoice',
    amountMinor: totals.totalMinor,
    currency: draft.currency,
    effectiveOn: today,
    description: `Invoice ${number}`,
    invoiceId,
  });
  await applyCredit(ctx.trx, ctx.tenantId, draft.customer_id, { actorLabel: ctx.actor.label });
  return { number };
}
