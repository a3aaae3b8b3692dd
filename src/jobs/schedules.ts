/**
 * Which tenant jobs exist and when they run. Housekeeping runs at one UTC time for every
 * tenant; billing runs in each tenant's own time zone (src/jobs/billing/billing-fan-out.ts).
 */
import { housekeepingJob } from './housekeeping/housekeeping-job.ts';
import type { TenantJob } from './tenant-job.ts';

/** Every tenant job a worker serves. */
export const TENANT_JOBS: readonly TenantJob<never>[] = [housekeepingJob];

/** Tenant jobs the nightly fan-out enqueues for every active tenant. */
export const NIGHTLY_TENANT_JOBS = [housekeepingJob] as const;

/** 02:15 UTC every day. */
export const NIGHTLY_CRON = '15 2 * * *';
