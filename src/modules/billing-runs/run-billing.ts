/**
 * The billing run for one tenant and one billing date (DESIGN.md "Money and time").
 *
 *   1. record the run (and mark runs left behind by dead processes as interrupted);
 *   2. apply plan changes scheduled up to the date;
 *   3. invoice every postpaid service whose next period starts on or before the date, in
 *      batches, one transaction each, until none is due (a service behind by several
 *      periods gets one invoice per period, oldest first);
 *   4. suspend prepaid services whose paid time ran out;
 *   5. close the run with its summary.
 *
 * Idempotent: a second run for the same date finds nothing due, because each batch moves
 * the services' billed_until in the same transaction as their invoices, and the unique
 * index on (service, period start) refuses a second invoice even if that were bypassed.
 * Resumable: everything committed stays; a killed batch rolls back whole.
 */
import type { Database } from '../../db/database.ts';
import { withTenant, type TenantTx } from '../../db/tenancy.ts';
import type { BillingRunError, BillingRunTrigger } from '../../db/schema.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { AppError } from '../../lib/errors.ts';
import { assertCan, type Actor, type TenantContext } from '../context.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { loadTaxRules } from '../billing/tax-rules.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { applyScheduledPlanChanges } from './apply-scheduled-plan-changes.ts';
import { billDueBatch } from './bill-due-batch.ts';
import { countDueServices } from './due-services-repository.ts';
import { expirePrepaidServices } from './expire-prepaid-services.ts';
import { finishBillingRun, insertBillingRun, markDeadRunsInterrupted, recordBatchProgress } from './billing-runs-repository.ts';
import { isProcessAlive } from './process-alive.ts';

export interface RunBillingDeps {
  db: Database;
  now: () => Date;
}

export interface RunBillingInput {
  /** The billing date; defaults to today in the tenant's time zone. */
  billOn?: string | undefined;
  trigger: BillingRunTrigger;
  batchSize?: number | undefined;
  /** Called after each committed batch; `due` is the services due when the run began. */
  onProgress?: ((progress: { invoices: number; due: number }) => void) | undefined;
}

export interface BillingRunSummary {
  runId: string;
  billOn: string;
  status: 'completed' | 'failed';
  invoicesCreated: number;
  /** Minor units invoiced, per currency. */
  totals: Record<string, number>;
  skipped: number;
  errors: BillingRunError[];
  planChangesApplied: number;
  servicesExpired: number;
}

export const DEFAULT_BATCH_SIZE = 2000;

/** The most periods one service is billed in one run: a guard against a loop, not a business rule. */
const MAX_PASSES = 400;

export async function runBilling(deps: RunBillingDeps, tenantId: string, actor: Actor, input: RunBillingInput): Promise<BillingRunSummary> {
  assertCan(actor, 'billing.run');
  const inTenant = <T>(fn: (ctx: TenantContext) => Promise<T>) =>
    withTenant(deps.db, tenantId, (trx: TenantTx) => fn({ tenantId, actor, trx, now: deps.now }));

  const { runId, billOn, settings, taxRules, due } = await inTenant(async (ctx) => {
    const settings = await loadBillingSettings(ctx.trx, tenantId);
    const billOn = input.billOn ?? calendarDateIn(ctx.now(), settings.timeZone);
    await markDeadRunsInterrupted(ctx.trx, tenantId, isProcessAlive);
    const runId = await insertBillingRun(ctx.trx, tenantId, { runOn: billOn, trigger: input.trigger, actor });
    await recordAuditEvent(ctx, { action: 'billing_run.started', entityType: 'billing_run', entityId: runId, after: { billOn, trigger: input.trigger } });
    return { runId, billOn, settings, taxRules: await loadTaxRules(ctx.trx, tenantId), due: await countDueServices(ctx.trx, tenantId, billOn) };
  });

  const summary: BillingRunSummary = { runId, billOn, status: 'completed', invoicesCreated: 0, totals: {}, skipped: 0, errors: [], planChangesApplied: 0, servicesExpired: 0 };
  try {
    summary.planChangesApplied = await inTenant((ctx) => applyScheduledPlanChanges(ctx, billOn));
    for (let pass = 0; pass < MAX_PASSES; pass += 1) {
      let afterId: string | null = null;
      let billedThisPass = 0;
      for (;;) {
        const batch = await inTenant(async (ctx) => {
          const result = await billDueBatch(ctx, { runId, billOn, afterId, batchSize: input.batchSize ?? DEFAULT_BATCH_SIZE, settings, taxRules });
          const totals: Record<string, number> = {};
          for (const inv of result.invoices) totals[settings.currency] = (totals[settings.currency] ?? 0) + inv.totalMinor;
          if (result.seen > 0) await recordBatchProgress(ctx.trx, tenantId, runId, { invoices: result.invoices.length, totals, skipped: result.errors.length, errors: result.errors });
          return { ...result, totals };
        });
        if (batch.seen === 0) break;
        afterId = batch.lastId;
        billedThisPass += batch.invoices.length;
        summary.invoicesCreated += batch.invoices.length;
        for (const [currency, amount] of Object.entries(batch.totals)) summary.totals[currency] = (summary.totals[currency] ?? 0) + amount;
        summary.skipped += batch.errors.length;
        summary.errors.push(...batch.errors);
        input.onProgress?.({ invoices: summary.invoicesCreated, due: Math.max(due, summary.invoicesCreated) });
      }
      // Another pass only bills services still behind (several periods late); skipped
      // services stay due forever, so a pass that billed nothing ends the run.
      if (billedThisPass === 0) break;
    }
    summary.servicesExpired = await inTenant((ctx) => expirePrepaidServices(ctx, billOn));
  } catch (err) {
    summary.status = 'failed';
    const reason = err instanceof AppError ? err.message : err instanceof Error ? err.message : String(err);
    summary.errors.push({ serviceId: null, reason });
    await inTenant((ctx) => finishBillingRun(ctx.trx, tenantId, runId, { status: 'failed', planChangesApplied: summary.planChangesApplied, servicesExpired: summary.servicesExpired, error: { serviceId: null, reason } }));
    throw err;
  }
  await inTenant(async (ctx) => {
    await finishBillingRun(ctx.trx, tenantId, runId, { status: 'completed', planChangesApplied: summary.planChangesApplied, servicesExpired: summary.servicesExpired });
    await recordAuditEvent(ctx, {
      action: 'billing_run.completed',
      entityType: 'billing_run',
      entityId: runId,
      after: { billOn, invoices: summary.invoicesCreated, totals: summary.totals, skipped: summary.skipped, expired: summary.servicesExpired },
    });
  });
  return summary;
}
