/**
 * One batch of the billing run, in one tenant transaction: lock the next due services,
 * work out their invoices in memory, take that many gapless invoice numbers, write
 * everything set-based, spend the credit of customers who have some, and record progress
 * on the run row. Killing the process at any moment loses at most this uncommitted batch;
 * the next run picks the same services up again.
 */
import type { TenantContext } from '../context.ts';
import { addDays } from '../billing/billing-calendar.ts';
import type { BillingSettings } from '../billing/billing-settings.ts';
import { takeDocumentNumbers } from '../billing/document-numbers.ts';
import type { TaxRule } from '../billing/line-tax.ts';
import { taxRuleFor } from '../billing/tax-rules.ts';
import { applyCredit } from '../billing/allocate.ts';
import { lockCustomerAccount } from '../billing/customer-account.ts';
import { selectDueServices, selectPendingCharges } from './due-services-repository.ts';
import { customersWithCredit } from '../billing/account-repository.ts';
import { planRecurringInvoice, type DueService, type PendingCharge, type PlannedInvoice } from './recurring-invoice-plan.ts';
import { writeRecurringInvoices } from './write-recurring-invoices.ts';
import type { BillingRunError } from '../../db/schema.ts';

export interface BatchInput {
  runId: string;
  billOn: string;
  afterId: string | null;
  batchSize: number;
  settings: BillingSettings;
  taxRules: ReadonlyMap<string, TaxRule>;
}

export interface BatchResult {
  /** Services read (billed or skipped); 0 means nothing is left after `afterId`. */
  seen: number;
  lastId: string | null;
  invoices: PlannedInvoice[];
  errors: BillingRunError[];
}

/** Plans the invoices of a batch of due services; a service that cannot be billed is an error, not a crash. */
export function planBatch(
  services: readonly DueService[],
  charges: readonly PendingCharge[],
  settings: BillingSettings,
  taxRules: ReadonlyMap<string, TaxRule>,
): { planned: PlannedInvoice[]; errors: BillingRunError[] } {
  const byService = new Map<string, PendingCharge[]>();
  const customerFirstService = new Map<string, string>();
  for (const s of services) if (!customerFirstService.has(s.customerId)) customerFirstService.set(s.customerId, s.id);
  for (const c of charges) {
    // A charge that names no service rides on the customer's first invoice in this batch.
    const serviceId = c.serviceId ?? customerFirstService.get(c.customerId);
    if (!serviceId) continue;
    const list = byService.get(serviceId) ?? [];
    list.push(c);
    byService.set(serviceId, list);
  }
  const planned: PlannedInvoice[] = [];
  const errors: BillingRunError[] = [];
  const taxFor = (taxClass: string) => taxRuleFor(taxRules, taxClass);
  for (const s of services) {
    if (s.planCurrency !== settings.currency) {
      errors.push({ serviceId: s.id, reason: `plan "${s.planName}" is priced in ${s.planCurrency}, the company bills in ${settings.currency}` });
      continue;
    }
    planned.push(planRecurringInvoice(s, byService.get(s.id) ?? [], settings.policy, taxFor));
  }
  return { planned, errors };
}

export async function billDueBatch(ctx: TenantContext, input: BatchInput): Promise<BatchResult> {
  const services = await selectDueServices(ctx.trx, ctx.tenantId, input.billOn, input.afterId, input.batchSize, { lock: true });
  if (services.length === 0) return { seen: 0, lastId: input.afterId, invoices: [], errors: [] };
  const customerIds = [...new Set(services.map((s) => s.customerId))];
  const charges = await selectPendingCharges(ctx.trx, ctx.tenantId, services.map((s) => s.id), customerIds, { lock: true });
  const { planned, errors } = planBatch(services, charges, input.settings, input.taxRules);

  const numbers = planned.length > 0 ? await takeDocumentNumbers(ctx.trx, ctx.tenantId, 'invoice', input.settings, planned.length) : [];
  await writeRecurringInvoices(
    ctx.trx,
    {
      tenantId: ctx.tenantId,
      runId: input.runId,
      currency: input.settings.currency,
      issuedOn: input.billOn,
      dueOn: addDays(input.billOn, input.settings.paymentTermsDays),
      actorLabel: ctx.actor.label,
    },
    planned,
    numbers,
  );

  // Credit already on an account (an overpayment, a credit note) pays the new invoice.
  for (const customerId of await customersWithCredit(ctx.trx, ctx.tenantId, [...new Set(planned.map((p) => p.customerId))])) {
    await lockCustomerAccount(ctx.trx, ctx.tenantId, customerId);
    await applyCredit(ctx.trx, ctx.tenantId, customerId, { actorLabel: ctx.actor.label });
  }
  return { seen: services.length, lastId: services[services.length - 1]?.id ?? input.afterId, invoices: planned, errors };
}
