/** The billing_runs rows: one per run, progress added batch by batch in the batch's own transaction. */
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import os from 'node:os';
import type { TenantTx } from '../../db/tenancy.ts';
import type { BillingRunError, BillingRunsTable, BillingRunTrigger } from '../../db/schema.ts';
import type { Actor } from '../context.ts';

export type BillingRunRow = Selectable<BillingRunsTable>;

export async function insertBillingRun(trx: TenantTx, tenantId: string, input: { runOn: string; trigger: BillingRunTrigger; actor: Actor }): Promise<string> {
  const row = await trx
    .insertInto('billing_runs')
    .values({
      tenant_id: tenantId,
      run_on: input.runOn,
      trigger: input.trigger,
      actor_type: input.actor.type,
      actor_id: input.actor.type === 'user' ? input.actor.id : null,
      actor_label: input.actor.label,
      host: os.hostname(),
      pid: process.pid,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Runs left 'running' by a process that died (SIGKILL, power cut) are marked interrupted
 * when a new run starts. A run on this host whose pid is gone is certainly dead; a run
 * elsewhere is presumed dead after ten minutes without a heartbeat (a batch takes seconds).
 */
export async function markDeadRunsInterrupted(trx: TenantTx, tenantId: string, isLocalPidAlive: (pid: number) => boolean): Promise<number> {
  const running = await trx
    .selectFrom('billing_runs')
    .select(['id', 'host', 'pid', 'heartbeat_at'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'running')
    .execute();
  const host = os.hostname();
  const dead = running.filter((r) => {
    if (r.host === host && r.pid !== null) return r.pid !== process.pid && !isLocalPidAlive(r.pid);
    return Date.now() - new Date(r.heartbeat_at).getTime() > 10 * 60_000;
  });
  if (dead.length === 0) return 0;
  await trx
    .updateTable('billing_runs')
    .set({ status: 'interrupted', finished_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', dead.map((d) => d.id))
    .execute();
  return dead.length;
}

export async function recordBatchProgress(
  trx: TenantTx,
  tenantId: string,
  runId: string,
  progress: { invoices: number; totals: Record<string, number>; skipped: number; errors: BillingRunError[] },
): Promise<void> {
  await sql`
    update billing_runs set
      invoices_created = invoices_created + ${progress.invoices},
      skipped = skipped + ${progress.skipped},
      totals = (select coalesce(jsonb_object_agg(k, v), '{}'::jsonb) from (
                 select k, sum(v)::bigint as v from (
                   select key as k, value::bigint as v from jsonb_each_text(totals)
                   union all
                   select key, value::bigint from jsonb_each_text(${JSON.stringify(progress.totals)}::jsonb)) parts
                 group by k) summed),
      errors = errors || ${JSON.stringify(progress.errors.slice(0, 100))}::jsonb,
      heartbeat_at = now()
    where tenant_id = ${tenantId} and id = ${runId}`.execute(trx);
}

export async function finishBillingRun(
  trx: TenantTx,
  tenantId: string,
  runId: string,
  outcome: { status: 'completed' | 'failed'; planChangesApplied: number; servicesExpired: number; error?: BillingRunError },
): Promise<void> {
  await sql`
    update billing_runs set status = ${outcome.status}, finished_at = now(), heartbeat_at = now(),
           plan_changes_applied = ${outcome.planChangesApplied}, services_expired = ${outcome.servicesExpired},
           errors = errors || ${JSON.stringify(outcome.error ? [outcome.error] : [])}::jsonb
     where tenant_id = ${tenantId} and id = ${runId}`.execute(trx);
}

export async function findBillingRun(trx: TenantTx, tenantId: string, runId: string): Promise<BillingRunRow | undefined> {
  return trx.selectFrom('billing_runs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst();
}

export async function listBillingRuns(trx: TenantTx, tenantId: string, limit: number): Promise<BillingRunRow[]> {
  return trx.selectFrom('billing_runs').selectAll().where('tenant_id', '=', tenantId).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
