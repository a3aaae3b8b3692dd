/**
 * Credit for days a service was invoiced for but will not use, when it ends inside an
 * invoiced period and the tenant credits cancellations ('prorated'). Postpaid: the period
 * billed in advance; prepaid: the time bought (each stacked purchase that runs past the end).
 *
 * What was billed for the days from end_on on is worked out line by line, by day: the
 * period line of each recurring or prepaid invoice, and the proration lines of immediate
 * plan changes (a downgrade's negative invoice already handed some of those days back, so
 * it lowers the credit). The net is issued as 'cancellation' credit notes against the
 * invoices that hold it, oldest first, each at most what is left creditable on its invoice,
 * with tax in that invoice's proportion; each is spent on its invoice while that is still
 * due, and what is left stays on the account as credit.
 *
 * Same rules as the staff credit note (src/modules/credit-notes/issue-credit-note.ts), whose
 * tax split and "already credited" sum it uses. It does not call that use case: that one
 * takes a typed amount under billing.manage and writes kind 'manual', while this runs for
 * whoever may end the service (a technician ending the line included) and writes 'cancellation'.
 */
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { addDays } from '../billing/billing-calendar.ts';
import type { BillingSettings } from '../billing/billing-settings.ts';
import { applyCredit } from '../billing/allocate.ts';
import { lockCustomerAccount, snapshotCustomer } from '../billing/customer-account.ts';
import { takeDocumentNumber } from '../billing/document-numbers.ts';
import { appendLedgerEntry } from '../billing/ledger-repository.ts';
import type { TenantContext } from '../context.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { creditNoteAmounts } from '../credit-notes/credit-note-tax.ts';
import { creditedOnInvoiceMinor } from '../credit-notes/credit-notes-repository.ts';
import { serviceBillingState, serviceLinesEndingAfter, type BilledServiceLine } from './service-billing-repository.ts';
import { shareFrom } from './service-proration.ts';
import type { ServiceView } from './services-repository.ts';

export interface CancellationCreditNote {
  id: string;
  number: string;
  invoiceId: string;
  invoiceNumber: string;
  totalMinor: number;
}

interface UnusedOnInvoice {
  line: BilledServiceLine;
  unusedMinor: number;
  lastDay: string;
}

export async function creditCancelledService(ctx: TenantContext, input: { service: ServiceView; endOn: string; settings: BillingSettings }): Promise<CancellationCreditNote[]> {
  const { service, endOn, settings } = input;
  if (settings.cancellationCredit !== 'prorated') return [];
  const state = await serviceBillingState(ctx.trx, ctx.tenantId, service.id);
  if (state.billedUntil === null || endOn >= state.billedUntil) return [];

  const byInvoice = new Map<string, UnusedOnInvoice>();
  for (const line of await serviceLinesEndingAfter(ctx.trx, ctx.tenantId, service.id, endOn)) {
    const entry = byInvoice.get(line.invoiceId) ?? { line, unusedMinor: 0, lastDay: line.periodEnd };
    entry.unusedMinor += shareFrom(line.totalMinor, line.periodStart, line.periodEnd, endOn);
    if (line.periodEnd > entry.lastDay) entry.lastDay = line.periodEnd;
    byInvoice.set(line.invoiceId, entry);
  }
  let toCredit = [...byInvoice.values()].reduce((sum, e) => sum + e.unusedMinor, 0);
  if (toCredit <= 0) return [];

  await lockCustomerAccount(ctx.trx, ctx.tenantId, service.customerId);
  const today = calendarDateIn(ctx.now(), settings.timeZone);
  const issued: CancellationCreditNote[] = [];
  for (const { line, unusedMinor, lastDay } of byInvoice.values()) {
    if (toCredit <= 0) break;
    if (unusedMinor <= 0) continue;
    const creditable = line.invoiceTotalMinor - (await creditedOnInvoiceMinor(ctx.trx, ctx.tenantId, line.invoiceId));
    const amount = Math.min(toCredit, unusedMinor, creditable);
    if (amount <= 0) continue;
    const from = endOn > line.periodStart ? endOn : line.periodStart;
    const reason = `${service.planName} ended on ${endOn}: unused days ${from} to ${addDays(lastDay, -1)} credited`;
    issued.push(await issueCancellationCreditNote(ctx, { service, line, amountMinor: amount, reason, today, settings }));
    toCredit -= amount;
  }
  return issued;
}

async function issueCancellationCreditNote(
  ctx: TenantContext,
  input: { service: ServiceView; line: BilledServiceLine; amountMinor: number; reason: string; today: string; settings: BillingSettings },
): Promise<CancellationCreditNote> {
  const { service, line, amountMinor } = input;
  const amounts = creditNoteAmounts(amountMinor, { taxMinor: line.invoiceTaxMinor, totalMinor: line.invoiceTotalMinor });
  const { seq, number } = await takeDocumentNumber(ctx.trx, ctx.tenantId, 'credit_note', input.settings);
  const snapshot = await snapshotCustomer(ctx.trx, ctx.tenantId, service.customerId);
  const note = await ctx.trx
    .insertInto('credit_notes')
    .values({
      tenant_id: ctx.tenantId,
      invoice_id: line.invoiceId,
      customer_id: service.customerId,
      number,
      number_seq: seq,
      kind: 'cancellation',
      currency: line.currency,
      subtotal_minor: amounts.subtotalMinor,
      tax_minor: amounts.taxMinor,
      total_minor: amounts.totalMinor,
      reason: input.reason.slice(0, 500),
      issued_on: input.today,
      issued_by_label: ctx.actor.label,
      customer_snapshot: JSON.stringify(snapshot),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendLedgerEntry(ctx.trx, ctx.tenantId, {
    customerId: service.customerId,
    entryType: 'credit_note',
    amountMinor: -amountMinor,
    currency: line.currency,
    effectiveOn: input.today,
    description: `Credit note ${number} for invoice ${line.invoiceNumber}`,
    creditNoteId: note.id,
  });
  const current = await ctx.trx.selectFrom('invoices').select('status').where('tenant_id', '=', ctx.tenantId).where('id', '=', line.invoiceId).executeTakeFirstOrThrow();
  const stillDue = current.status === 'open' || current.status === 'partially_paid';
  const made = stillDue ? await applyCredit(ctx.trx, ctx.tenantId, service.customerId, { actorLabel: ctx.actor.label, onlySources: [note.id], invoiceOrder: [line.invoiceId] }) : [];
  await recordAuditEvent(ctx, {
    action: 'credit_note.issued',
    entityType: 'credit_note',
    entityId: note.id,
    after: { number, kind: 'cancellation', invoiceId: line.invoiceId, invoiceNumber: line.invoiceNumber, serviceId: service.id, ...amounts, reason: input.reason, appliedToInvoiceMinor: made.reduce((sum, a) => sum + a.amountMinor, 0) },
  });
  return { id: note.id, number, invoiceId: line.invoiceId, invoiceNumber: line.invoiceNumber, totalMinor: amountMinor };
}
