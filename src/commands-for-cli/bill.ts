/**
 * `lastmile bill [--date YYYY-MM-DD] [--tenant SLUG] [--dry-run]`
 * Runs billing for one company, or for every active company in turn, on a billing date
 * (default: today in each company's time zone). --dry-run prints what the run would
 * invoice, credit, switch and expire, and writes nothing. Exit code 1 when any service was
 * skipped or a run failed, so a cron wrapper notices.
 */
import { withPlatform, withTenant } from '../db/tenancy.ts';
import type { Database } from '../db/database.ts';
import { parseCalendarDate } from '../lib/zoned-time.ts';
import { formatMoney } from '../lib/money.ts';
import { SYSTEM_ACTOR, type Actor } from '../modules/context.ts';
import { runBilling, type BillingRunSummary } from '../modules/billing-runs/run-billing.ts';
import { previewBilling, type BillingPreview } from '../modules/billing-runs/preview-billing.ts';
import { CliError } from './cli-error.ts';
import { createProgress } from './import-progress.ts';
import { openRuntime } from './open-runtime.ts';

export interface BillArgs {
  date: string | undefined;
  tenant: string | undefined;
  dryRun: boolean;
  /** Services per batch transaction (default 2000). */
  batchSize?: string | undefined;
}

/** The CLI bills as the system, allowed to run billing and nothing else. */
export const BILLING_CLI_ACTOR: Actor = { ...SYSTEM_ACTOR, label: 'lastmile bill', permissions: new Set(['billing.run']) };

export async function billCommand(args: BillArgs): Promise<void> {
  if (args.date !== undefined && !parseCalendarDate(args.date)) throw new CliError(`--date must be a calendar date written YYYY-MM-DD, got "${args.date}"`, 2);
  const batchSize = args.batchSize === undefined ? undefined : Number(args.batchSize);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000)) {
    throw new CliError(`--batch-size must be a whole number from 1 to 50000, got "${args.batchSize}"`, 2);
  }
  const runtime = await openRuntime({ migrate: true, quiet: true });
  try {
    const tenants = await findTenants(runtime.db, args.tenant);
    let failures = 0;
    for (const tenant of tenants) {
      if (args.dryRun) {
        const preview = await withTenant(runtime.db, tenant.id, (trx) =>
          previewBilling({ tenantId: tenant.id, actor: BILLING_CLI_ACTOR, trx, now: () => new Date() }, { billOn: args.date }),
        );
        console.log(describePreview(tenant.name, preview));
        failures += preview.skipped.length;
        continue;
      }
      const progress = createProgress(`Billing ${tenant.name}`, process.stderr, Date.now, 'invoices');
      let summary: BillingRunSummary;
      try {
        summary = await runBilling({ db: runtime.db, now: () => new Date() }, tenant.id, BILLING_CLI_ACTOR, {
          billOn: args.date,
          trigger: 'cli',
          batchSize,
          onProgress: (p) => progress.update(p.invoices, p.due),
        });
      } catch (err) {
        progress.finish();
        failures += 1;
        console.error(`${tenant.name}: billing run failed: ${(err as Error).message}`);
        continue;
      } finally {
        progress.finish();
      }
      console.log(describeRun(tenant.name, summary));
      failures += summary.errors.length;
    }
    if (failures > 0) process.exitCode = 1;
  } finally {
    await runtime.db.close();
  }
}

async function findTenants(db: Database, slug: string | undefined): Promise<{ id: string; name: string }[]> {
  return withPlatform(db, async (trx) => {
    if (slug === undefined) {
      return trx.selectFrom('tenants').select(['id', 'name']).where('status', '=', 'active').orderBy('created_at').execute();
    }
    const tenant = await trx.selectFrom('tenants').select(['id', 'name', 'status']).where('slug', '=', slug.trim().toLowerCase()).executeTakeFirst();
    if (!tenant) throw new CliError(`no company has the slug "${slug}"`);
    if (tenant.status !== 'active') throw new CliError(`${tenant.name} (${slug}) is suspended; it is not billed`);
    return [tenant];
  });
}

function amounts(totals: Record<string, number>): string {
  const parts = Object.entries(totals).map(([currency, minor]) => formatMoney(minor, currency));
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

export function describeRun(name: string, s: BillingRunSummary): string {
  const lines = [
    `${name}: billing run for ${s.billOn} ${s.status}.`,
    `  invoices: ${s.invoicesCreated}, amount: ${amounts(s.totals)}`,
    `  plan changes applied: ${s.planChangesApplied}, prepaid services expired: ${s.servicesExpired}, skipped: ${s.skipped}`,
  ];
  for (const e of s.errors) lines.push(`  error${e.serviceId ? ` (service ${e.serviceId})` : ''}: ${e.reason}`);
  return lines.join('\n');
}

export function describePreview(name: string, p: BillingPreview): string {
  const lines = [
    `${name}: dry run for ${p.billOn}; nothing was written.`,
    `  would invoice: ${p.invoiceCount} invoices, ${formatMoney(p.totalMinor, p.currency)}`,
    `  would credit (unused days on plan changes): ${formatMoney(p.creditedMinor, p.currency)}`,
    `  plan changes due: ${p.planChanges.length}, prepaid services that would expire: ${p.expiring.length}`,
  ];
  for (const inv of p.invoices.slice(0, 20)) {
    lines.push(`    ${inv.customerName}: ${inv.periodStart} to ${inv.periodEnd}, ${formatMoney(inv.totalMinor, p.currency)}`);
  }
  if (p.invoiceCount > 20) lines.push(`    ... and ${p.invoiceCount - 20} more`);
  for (const c of p.planChanges) lines.push(`    plan change: ${c.customerName} from ${c.fromPlan} to ${c.toPlan} on ${c.effectiveOn}`);
  for (const e of p.expiring.slice(0, 20)) lines.push(`    expires: ${e.customerName}, paid until ${e.paidUntil}`);
  for (const e of p.skipped) lines.push(`  skipped${e.serviceId ? ` (service ${e.serviceId})` : ''}: ${e.reason}`);
  return lines.join('\n');
}
