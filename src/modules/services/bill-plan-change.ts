/**
 * The money of a plan change inside a period billing has already invoiced (postpaid bills
 * in advance): the old plan's unused days come back as a credit and the new plan is charged
 * for the same days, by day (service-proration.ts). The tenant's setting decides when: as
 * pending charges the billing run puts on the service's next recurring invoice, or at once
 * on a 'plan_change' invoice (whose total may be negative: a downgrade leaves credit).
 *
 * A change that takes effect on or after billed_until touches no money: the period it
 * falls in is not invoiced yet, and the run bills it at the new plan.
 */
import { addDays, dayOfMonth } from '../billing/billing-calendar.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { loadTaxRules, taxRuleFor } from '../billing/tax-rules.ts';
import type { TenantContext } from '../context.ts';
import { finalizeDraft } from '../invoices/finalize-draft.ts';
import { insertDraftInvoice } from '../invoices/invoices-repository.ts';
import { priceLine } from '../invoices/price-line.ts';
import { findInvoiceCovering, insertServiceCharges, planBillingFacts, serviceBillingState, type CoveringInvoice } from './service-billing-repository.ts';
import { pricePerPeriodMinor } from './service-price.ts';
import { planChangeProration } from './service-proration.ts';
import type { ServiceView } from './services-repository.ts';

/** The invoiced period a change on `effectiveOn` falls in, or undefined when it is not invoiced. */
export interface InvoicedPeriod {
  invoice: CoveringInvoice;
  anchorDay: number;
}

/**
 * The last invoiced period of a postpaid service, when `effectiveOn` is before its end.
 * Callers refuse an effective date before its start: the credit is worked out for one period.
 */
export async function invoicedPeriodAt(ctx: TenantContext, serviceId: string, effectiveOn: string): Promise<InvoicedPeriod | undefined> {
  const state = await serviceBillingState(ctx.trx, ctx.tenantId, serviceId);
  if (state.billingMode !== 'postpaid' || state.billedUntil === null || state.billedUntil <= effectiveOn) return undefined;
  // A voided invoice leaves its period to be billed again: nothing to credit.
  const invoice = await findInvoiceCovering(ctx.trx, ctx.tenantId, serviceId, 'recurring', addDays(state.billedUntil, -1));
  if (!invoice) return undefined;
  return { invoice, anchorDay: state.anchorDay ?? dayOfMonth(invoice.periodEnd) };
}

export interface PlanChangeMoney {
  billing: 'next_invoice' | 'immediate';
  periodStart: string;
  periodEnd: string;
  creditMinor: number;
  chargeMinor: number;
  /** The immediate plan-change invoice, when one was issued. */
  invoiceId: string | null;
  invoiceNumber: string | null;
}

export async function billPlanChange(ctx: TenantContext, input: { service: ServiceView; toPlanId: string; effectiveOn: string; period: InvoicedPeriod }): Promise<PlanChangeMoney> {
  const { service, period } = input;
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const rules = await loadTaxRules(ctx.trx, ctx.tenantId);
  const from = await planBillingFacts(ctx.trx, ctx.tenantId, service.planId);
  const to = await planBillingFacts(ctx.trx, ctx.tenantId, input.toPlanId);
  const priceOn = (plan: typeof from) => pricePerPeriodMinor({ planPriceMinor: plan.priceMinor, priceOverrideMinor: service.priceOverrideMinor, discountMinor: service.discountMinor });
  const p = planChangeProration({
    from: { name: from.name, priceMinor: priceOn(from), period: from.period },
    to: { name: to.name, priceMinor: priceOn(to), period: to.period },
    effectiveOn: input.effectiveOn,
    periodEnd: period.invoice.periodEnd,
    anchorDay: period.anchorDay,
  });
  const parts = [
    { kind: 'proration_credit' as const, description: p.creditDescription, amountMinor: p.creditMinor, taxClass: from.taxClass },
    { kind: 'proration_charge' as const, description: p.chargeDescription, amountMinor: p.chargeMinor, taxClass: to.taxClass },
  ].filter((part) => part.amountMinor !== 0);
  const money: PlanChangeMoney = { billing: settings.planChangeBilling, periodStart: p.periodStart, periodEnd: p.periodEnd, creditMinor: p.creditMinor, chargeMinor: p.chargeMinor, invoiceId: null, invoiceNumber: null };
  if (parts.length === 0) return money;

  if (settings.planChangeBilling === 'next_invoice') {
    await insertServiceCharges(
      ctx.trx,
      ctx.tenantId,
      parts.map((part) => ({
        customerId: service.customerId,
        serviceId: service.id,
        kind: part.kind,
        description: part.description,
        periodStart: p.periodStart,
        periodEnd: p.periodEnd,
        unitPriceMinor: part.amountMinor,
        taxClass: part.taxClass,
        createdByLabel: ctx.actor.label,
        createdAt: ctx.now(),
      })),
    );
    return money;
  }

  const lines = parts.map((part) =>
    priceLine({ kind: part.kind, description: part.description, serviceId: service.id, periodStart: p.periodStart, periodEnd: p.periodEnd, unitPriceMinor: part.amountMinor, tax: taxRuleFor(rules, part.taxClass) }),
  );
  const invoiceId = await insertDraftInvoice(
    ctx.trx,
    ctx.tenantId,
    {
      customerId: service.customerId,
      kind: 'plan_change',
      serviceId: service.id,
      currency: period.invoice.currency,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      memo: `Plan change from ${from.name} to ${to.name} on ${input.effectiveOn}`,
      createdByLabel: ctx.actor.label,
    },
    lines,
  );
  const { number } = await finalizeDraft(ctx, invoiceId, settings);
  return { ...money, invoiceId, invoiceNumber: number };
}
