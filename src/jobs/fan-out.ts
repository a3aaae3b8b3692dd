/**
 * Platform-level fan-out (DESIGN.md tenancy rules 5 and 6): list the active tenants on the
 * platform path and enqueue one tenant job per tenant. The singleton key per (job, tenant,
 * day) makes a second fan-out on the same (UTC) day add nothing, so a retried or doubled
 * nightly run is harmless.
 */
import type PgBoss from 'pg-boss';
import { withPlatform } from '../db/tenancy.ts';
import { enqueueTenantJob, type JobDeps, type TenantJob } from './tenant-job.ts';

const DAY_SECONDS = 24 * 60 * 60;

export interface FanOutResult {
  /** Active tenants seen. */
  tenants: number;
  /** Jobs actually added (tenants minus those already queued today). */
  enqueued: number;
}

export async function fanOutTenantJob<T>(boss: PgBoss, deps: JobDeps, job: TenantJob<T>, data: T): Promise<FanOutResult> {
  const tenantIds = await withPlatform(deps.db, async (trx) =>
    (await trx.selectFrom('tenants').select('id').where('status', '=', 'active').orderBy('id').execute()).map((t) => t.id),
  );
  let enqueued = 0;
  for (const tenantId of tenantIds) {
    const id = await enqueueTenantJob(boss, job, tenantId, data, { singletonKey: tenantId, singletonSeconds: DAY_SECONDS });
    if (id) enqueued += 1;
  }
  return { tenants: tenantIds.length, enqueued };
}

/** The platform job a nightly schedule sends: fans out every listed tenant job. */
export const NIGHTLY_FAN_OUT = 'platform.nightly-fan-out';

/** Registers the nightly fan-out worker: one run enqueues each job in `jobs` for every active tenant. */
export async function workNightlyFanOut(boss: PgBoss, deps: JobDeps, jobs: readonly TenantJob<Record<string, never>>[]): Promise<string> {
  return boss.work(NIGHTLY_FAN_OUT, async (queued) => {
    for (const run of queued) {
      for (const job of jobs) {
        const result = await fanOutTenantJob(boss, deps, job, {});
        deps.logger.info({ job: NIGHTLY_FAN_OUT, jobId: run.id, tenantJob: job.name, ...result }, 'fanned out to active tenants');
      }
    }
  });
}
