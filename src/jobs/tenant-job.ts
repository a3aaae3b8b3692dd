/**
 * Jobs that do one tenant's work (DESIGN.md tenancy rule 6). The payload always carries
 * the tenant id; the worker re-enters withTenant for each job, so a job's queries run as
 * lastmile_app under the same RLS as a request, and a job can never reach another tenant.
 */
import type { Logger } from 'pino';
import type PgBoss from 'pg-boss';
import type { Database } from '../db/database.ts';
import { isUuid, withTenant } from '../db/tenancy.ts';
import { SYSTEM_ACTOR, type TenantContext } from '../modules/context.ts';

export interface TenantJobPayload<T> {
  tenantId: string;
  data: T;
}

/**
 * A job's work for one tenant. `log` already carries the job name, job id and tenant id
 * (DESIGN.md tenancy rule 7); a handler logs through it or not at all.
 */
export type TenantJobHandler<T> = (ctx: TenantContext, data: T, log: Logger) => Promise<void>;

export interface TenantJob<T> {
  /** Queue name, `tenant.<what>`. */
  name: string;
  handler: TenantJobHandler<T>;
}

/** What a running job needs from the process: the database, a logger and the clock. */
export interface JobDeps {
  db: Database;
  logger: Logger;
  clock: () => Date;
}

export function defineTenantJob<T>(name: string, handler: TenantJobHandler<T>): TenantJob<T> {
  return { name, handler };
}

export class InvalidJobPayloadError extends Error {
  constructor(job: string, reason: string) {
    super(`${job}: ${reason}`);
    this.name = 'InvalidJobPayloadError';
  }
}

/**
 * Enqueues `job` for one tenant. Refuses (throws) a tenant id that is not a uuid, so no
 * payload without a valid tenant ever reaches the queue. Returns the job id, or null when
 * pg-boss refused a duplicate (a singleton key already taken).
 */
export async function enqueueTenantJob<T>(
  boss: PgBoss,
  job: TenantJob<T>,
  tenantId: string,
  data: T,
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  if (typeof tenantId !== 'string' || !isUuid(tenantId)) {
    throw new InvalidJobPayloadError(job.name, `tenantId must be a uuid, got ${JSON.stringify(tenantId)}`);
  }
  const payload: TenantJobPayload<T> = { tenantId, data };
  return boss.send(job.name, payload as object, options);
}

export type TenantJobOutcome = 'done' | 'skipped';

/**
 * Runs one job: checks the payload, then, inside one tenant transaction, skips a tenant
 * that is unknown or suspended (the job completes without running) and otherwise runs the
 * handler as the system actor. A handler that throws rolls its transaction back and fails
 * the job, so pg-boss retries it.
 */
export async function runTenantJob<T>(deps: JobDeps, job: TenantJob<T>, queued: PgBoss.Job<unknown>): Promise<TenantJobOutcome> {
  const payload = queued.data as Partial<TenantJobPayload<T>> | null;
  const tenantId = payload?.tenantId;
  if (typeof tenantId !== 'string' || !isUuid(tenantId)) {
    deps.logger.error({ job: job.name, jobId: queued.id, tenantId: tenantId ?? null }, 'job payload has no valid tenantId; failing it');
    throw new InvalidJobPayloadError(job.name, 'payload has no valid tenantId');
  }
  const log = deps.logger.child({ job: job.name, jobId: queued.id, tenantId });
  return withTenant(
    deps.db,
    tenantId,
    async (trx) => {
      // Read in the same transaction as the work: lastmile_app sees only its own tenant row.
      const tenant = await trx.selectFrom('tenants').select('status').where('id', '=', tenantId).executeTakeFirst();
      if (!tenant || tenant.status !== 'active') {
        log.warn({ tenantStatus: tenant?.status ?? 'unknown' }, 'tenant is not active; job completed without running');
        return 'skipped';
      }
      log.info('job started');
      await job.handler({ tenantId, trx, actor: SYSTEM_ACTOR, now: deps.clock, requestId: `job:${queued.id}` }, payload?.data as T, log);
      log.info('job done');
      return 'done';
    },
    { requestId: `job:${queued.id}` },
  );
}

/** Registers a worker for `job` on `boss`. */
export async function workTenantJob<T>(boss: PgBoss, deps: JobDeps, job: TenantJob<T>): Promise<string> {
  return boss.work(job.name, async (jobs) => {
    for (const queued of jobs) await runTenantJob(deps, job, queued);
  });
}
