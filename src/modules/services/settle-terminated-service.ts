/**
 * The billing side of ending a service, run by every path that terminates one (staff, or an
 * installation ending): nothing scheduled is left to happen to it, nothing is left waiting
 * for a recurring invoice that will never come, and invoiced days it will not use are
 * credited when the tenant says so (credit-cancelled-service.ts).
 *
 * Plan-change prorations still pending (planChangeBilling 'next_invoice') were waiting for
 * the service's next recurring invoice; a terminated service gets none. They are cancelled
 * and what they owed for the days up to the end (all of it when cancellations are not
 * credited) is invoiced now on one 'plan_change' invoice, so the customer pays exactly the
 * days each plan was used. A negative total becomes credit, like any plan-change invoice.
 */
import { daysBetween } from '../billing/billing-calendar.ts';
import { loadBillingSettings, type BillingSettings } from '../billing/billing-settings.ts';
import { loadTaxRules, taxRuleFor } from '../billing/tax-rules.ts';
import type { TenantContext } from '../context.ts';
import { finalizeDraft } from '../invoices/finalize-draft.ts';
import { insertDraftInvoice } from '../invoices/invoices-repository.ts';
import { priceLine, type PricedLine } from '../invoices/price-line.ts';
import { creditCancelledService, type CancellationCreditNote } from './credit-cancelled-service.ts';
import { cancelPendingProrations, cancelScheduledPlanChanges, type CancelledCharge } from './service-billing-repository.ts';
import { shareFrom } from './service-proration.ts';
import type { ServiceView } from './services-repository.ts';

export interface TerminationSettlement {
  scheduledChangesCancelled: number;
  prorationsCancelled: number;
  /** The invoice for pending prorations, when they came to anything. */
  prorationInvoice: { id: string; number: string } | null;
  creditNotes: CancellationCreditNote[];
}

export async function settleTerminatedService(ctx: TenantContext, input: { service: ServiceView; endOn: string }): Promise<TerminationSettlement> {
  const { service, endOn } = input;
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const scheduledChangesCancelled = await cancelScheduledPlanChanges(ctx.trx, ctx.tenantId, service.id, ctx.now());
  const cancelled = await cancelPendingProrations(ctx.trx, ctx.tenantId, service.id);
  const prorationInvoice = await invoiceUsedProrations(ctx, { service, endOn, settings, charges: cancelled });
  const creditNotes = await creditCancelledService(ctx, { service, endOn, settings });
  return { scheduledChangesCancelled, prorationsCancelled: cancelled.length, prorationInvoice, creditNotes };
}

async function invoiceUsedProrations(
  ctx: TenantContext,
  input: { service: ServiceView; endOn: string; settings: BillingSettings; charges: readonly CancelledCharge[] },
): Promise<{ id: string; number: string } | null> {
  const { service, endOn, settings } = input;
  if (input.charges.length === 0) return null;
  const rules = await loadTaxRules(ctx.trx, ctx.tenantId);
  const credited = settings.cancellationCredit === 'prorated';
  const lines: PricedLine[] = [];
  for (const c of input.charges) {
    const full = c.unitPriceMinor * c.quantity;
    const period = c.periodStart !== null && c.periodEnd !== null ? { start: c.periodStart, end: c.periodEnd } : null;
    // Trimmed to the days used when cancellations are credited; owed in full otherwise.
    const used = credited && period !== null && endOn < period.end ? { ...period, end: endOn < period.start ? period.start : endOn } : null;
    const owed = used && period ? full - shareFrom(full, period.start, period.end, endOn) : full;
    if (owed === 0 || (used && used.end === used.start)) continue;
    lines.push(
      priceLine({
        kind: c.kind,
        description: used && period ? `${c.description} (service ended ${endOn}: ${daysBetween(used.start, used.end)} of ${daysBetween(period.start, period.end)} days)` : c.description,
        serviceId: service.id,
        periodStart: c.periodStart,
        periodEnd: used ? used.end : c.periodEnd,
        unitPriceMinor: owed,
        tax: taxRuleFor(rules, c.taxClass),
      }),
    );
  }
  if (lines.length === 0) return null;
  const invoiceId = await insertDraftInvoice(
    ctx.trx,
    ctx.tenantId,
    {
      customerId: service.customerId,
      kind: 'plan_change',
      serviceId: service.id,
      currency: settings.currency,
      periodStart: null,
      periodEnd: null,
      memo: `Plan-change prorations of ${service.planName}, settled when the service ended on ${endOn}`,
      createdByLabel: ctx.actor.label,
    },
    lines,
  );
  const { number } = await finalizeDraft(ctx, invoiceId, settings);
  return { id: invoiceId, number };
}
