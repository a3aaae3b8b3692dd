/**
 * The nightly billing schedule (DESIGN.md tenancy rule 6: one job per tenant). Every hour
 * a platform job looks at each active company's local time; a company past its billing
 * hour with no completed scheduled run for its local today gets one billing job. The
 * singleton key (company, date) keeps a second fan-out in the same day from queueing it
 * twice, and the run itself is idempotent, so even a duplicate would bill nothing twice.
 */
import type PgBoss from 'pg-boss';
import { isUuid, withPlatform } from '../../db/tenancy.ts';
import { parseCalendarDate } from '../../lib/zoned-time.ts';
import { SYSTEM_ACTOR, type Actor } from '../../modules/context.ts';
import { runBilling } from '../../modules/billing-runs/run-billing.ts';
import type { JobDeps } from '../tenant-job.ts';
import { billingDateDue } from './billing-schedule.ts';

export const BILLING_FAN_OUT = 'platform.billing-fan-out';
export const BILLING_RUN_JOB = 'tenant.billing-run';
/** Five past every hour, UTC; each company's own hour is checked inside. */
export const BILLING_CRON = '5 * * * *';

const DAY_SECONDS = 24 * 60 * 60;

export const SCHEDULE_ACTOR: Actor = { ...SYSTEM_ACTOR, label: 'nightly billing', permissions: new Set(['billing.run']) };

export interface BillingJobData {
  tenantId: string;
  billOn: string;
}

/** Companies whose run is due now, with the date to bill. */
export async function companiesDueForBilling(deps: JobDeps): Promise<BillingJobData[]> {
  const now = deps.clock();
  return withPlatform(deps.db, async (trx) => {
    const rows = await trx
      .selectFrom('tenants as t')
      .innerJoin('tenant_settings as s', 's.tenant_id', 't.id')
      .select(['t.id', 's.time_zone', 's.billing_run_hour'])
      .where('t.status', '=', 'active')
      .orderBy('t.id')
      .execute();
    const due: BillingJobData[] = [];
    for (const row of rows) {
      const billOn = billingDateDue(now, row.time_zone, Number(row.billing_run_hour));
      if (!billOn) continue;
      const done = await trx
        .selectFrom('billing_runs')
        .select('id')
        .where('tenant_id', '=', row.id)
        .where('trigger', '=', 'schedule')
        .where('run_on', '=', billOn)
        .where('status', '=', 'completed')
        .executeTakeFirst();
      if (!done) due.push({ tenantId: row.id, billOn });
    }
    return due;
  });
}

export async function fanOutBilling(boss: PgBoss, deps: JobDeps): Promise<{ due: number; enqueued: number }> {
  const due = await companiesDueForBilling(deps);
  let enqueued = 0;
  for (const job of due) {
    const id = await boss.send(BILLING_RUN_JOB, job, { singletonKey: `${job.tenantId}:${job.billOn}`, singletonSeconds: DAY_SECONDS });
    if (id) enqueued += 1;
  }
  return { due: due.length, enqueued };
}

/** Runs one company's nightly billing; a failed run fails the job, so pg-boss retries it. */
export async function runBillingJob(deps: JobDeps, data: unknown): Promise<void> {
  const payload = data as Partial<BillingJobData> | null;
  if (!payload || typeof payload.tenantId !== 'string' || !isUuid(payload.tenantId) || typeof payload.billOn !== 'string' || !parseCalendarDate(payload.billOn)) {
    deps.logger.error({ job: BILLING_RUN_JOB, payload }, 'billing job payload needs a tenantId and a billOn date; failing it');
    throw new Error(`${BILLING_RUN_JOB}: invalid payload`);
  }
  const { tenantId, billOn } = payload;
  const active = await withPlatform(deps.db, (trx) => trx.selectFrom('tenants').select('status').where('id', '=', tenantId).executeTakeFirst());
  const log = deps.logger.child({ job: BILLING_RUN_JOB, tenantId, billOn });
  if (active?.status !== 'active') {
    log.warn('company is not active; not billed');
    return;
  }
  const summary = await runBilling({ db: deps.db, now: deps.clock }, tenantId, SCHEDULE_ACTOR, { billOn, trigger: 'schedule' });
  log.info({ runId: summary.runId, invoices: summary.invoicesCreated, totals: summary.totals, skipped: summary.skipped, expired: summary.servicesExpired }, 'nightly billing done');
}

export async function workBilling(boss: PgBoss, deps: JobDeps): Promise<void> {
  await boss.work(BILLING_FAN_OUT, async (jobs) => {
    for (const job of jobs) {
      const result = await fanOutBilling(boss, deps);
      deps.logger.info({ job: BILLING_FAN_OUT, jobId: job.id, ...result }, 'billing fan-out');
    }
  });
  await boss.work(BILLING_RUN_JOB, async (jobs) => {
    for (const job of jobs) await runBillingJob(deps, job.data);
  });
}
