/**
 * Starts the job side of a process: installs/upgrades the queue schema (owner connection),
 * starts pg-boss on the app's pool, registers every worker and the nightly schedule.
 * Used by `lastmile worker`, and in-process by `lastmile serve` unless WORKER_IN_PROCESS=false.
 */
import type { Logger } from 'pino';
import type PgBoss from 'pg-boss';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { withOwnerPool } from '../db/owner-pool.ts';
import { installQueue, startQueue, stopQueue } from './queue.ts';
import { workTenantJob, type JobDeps } from './tenant-job.ts';
import { NIGHTLY_FAN_OUT, workNightlyFanOut } from './fan-out.ts';
import { NIGHTLY_CRON, NIGHTLY_TENANT_JOBS, TENANT_JOBS } from './schedules.ts';
import { BILLING_CRON, BILLING_FAN_OUT, BILLING_RUN_JOB, workBilling } from './billing/billing-fan-out.ts';

export interface JobWorkers {
  boss: PgBoss;
  /** Stops taking jobs and lets those in flight finish; the database stays open. */
  stop(): Promise<void>;
}

export interface StartJobWorkersOptions {
  config: Config;
  db: Database;
  logger: Logger;
  clock?: () => Date;
}

export async function startJobWorkers(options: StartJobWorkersOptions): Promise<JobWorkers> {
  const { config, db, logger } = options;
  const queueNames = [NIGHTLY_FAN_OUT, BILLING_FAN_OUT, BILLING_RUN_JOB, ...TENANT_JOBS.map((job) => job.name)];
  await withOwnerPool(config, db, (ownerPool) => installQueue(ownerPool, db.pool, queueNames));
  const boss = await startQueue(db, { onError: (err) => logger.error({ err }, 'job queue error') });
  const deps: JobDeps = { db, logger, clock: options.clock ?? (() => new Date()) };
  for (const job of TENANT_JOBS) await workTenantJob(boss, deps, job);
  await workNightlyFanOut(boss, deps, NIGHTLY_TENANT_JOBS);
  await boss.schedule(NIGHTLY_FAN_OUT, NIGHTLY_CRON, {}, { tz: 'UTC' });
  await workBilling(boss, deps);
  await boss.schedule(BILLING_FAN_OUT, BILLING_CRON, {}, { tz: 'UTC' });
  logger.info({ queues: queueNames, nightly: NIGHTLY_CRON, billing: BILLING_CRON }, 'job workers started');
  return { boss, stop: () => stopQueue(boss) };
}
