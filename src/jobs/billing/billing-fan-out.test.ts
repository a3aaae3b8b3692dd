import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { withPlatform, withTenant } from '../../db/tenancy.ts';
import { createJobTestEnv, setTenantStatus, signUpTestCompany, type JobTestEnv } from '../job-test-helpers.ts';
import { BILLING_FAN_OUT, BILLING_RUN_JOB, companiesDueForBilling, fanOutBilling, runBillingJob, type BillingJobData } from './billing-fan-out.ts';
import { billingDateDue } from './billing-schedule.ts';

describe('billingDateDue', () => {
  it('is due after the billing hour in the company’s own zone, for its local date', () => {
    // 2026-11-30 17:30 UTC is 01:30 on 1 December in Manila (UTC+8) and 20:30 on 30 November in Nairobi (UTC+3).
    const now = new Date('2026-11-30T17:30:00Z');
    assert.equal(billingDateDue(now, 'Asia/Manila', 1), '2026-12-01');
    assert.equal(billingDateDue(now, 'Asia/Manila', 2), null);
    assert.equal(billingDateDue(now, 'Africa/Nairobi', 1), '2026-11-30');
    assert.equal(billingDateDue(now, 'Africa/Nairobi', 21), null);
  });
});

describe('nightly billing fan-out', () => {
  let env: JobTestEnv;
  let manila: string;
  let nairobi: string;
  let suspended: string;

  before(async () => {
    env = await createJobTestEnv([BILLING_FAN_OUT, BILLING_RUN_JOB]);
    manila = (await signUpTestCompany(env)).tenantId;
    nairobi = (await signUpTestCompany(env)).tenantId;
    suspended = (await signUpTestCompany(env)).tenantId;
    await setTenantStatus(env, suspended, 'suspended');
    await withTenant(env.testDb.db, nairobi, (trx) => sql`update tenant_settings set time_zone = 'Africa/Nairobi', billing_run_hour = 21`.execute(trx));
  });
  after(() => env.close());

  async function queued(): Promise<BillingJobData[]> {
    const jobs = await env.boss.fetch<BillingJobData>(BILLING_RUN_JOB, { batchSize: 50 });
    await Promise.all(jobs.map((job) => env.boss.complete(BILLING_RUN_JOB, job.id)));
    return jobs.map((j) => j.data).sort((a, b) => a.tenantId.localeCompare(b.tenantId));
  }

  it('queues each active company once its own billing hour has passed, and only once a day', async () => {
    // 01:30 on 1 December in Manila (billing hour 1, the default); 20:30 in Nairobi (hour 21).
    env.clock.set(new Date('2026-11-30T17:30:00Z'));
    const first = await fanOutBilling(env.boss, env.deps);
    assert.deepEqual(first, { due: 1, enqueued: 1 });
    assert.deepEqual(await queued(), [{ tenantId: manila, billOn: '2026-12-01' }]);
    const again = await fanOutBilling(env.boss, env.deps);
    assert.deepEqual(again, { due: 1, enqueued: 0 }, 'the singleton key refuses a second job the same day');

    // 21:10 in Nairobi: its billing hour (21) has come, for its 30 November. Manila's job
    // was taken but no run completed, so it still counts as due (the singleton key keeps
    // it from being queued twice).
    env.clock.set(new Date('2026-11-30T18:10:00Z'));
    const later = await companiesDueForBilling(env.deps);
    assert.deepEqual(
      later.sort((a, b) => a.tenantId.localeCompare(b.tenantId)),
      [
        { tenantId: manila, billOn: '2026-12-01' },
        { tenantId: nairobi, billOn: '2026-11-30' },
      ].sort((a, b) => a.tenantId.localeCompare(b.tenantId)),
    );
  });

  it('runs the company’s billing and, once completed, no longer counts it as due', async () => {
    env.clock.set(new Date('2026-11-30T17:30:00Z'));
    await runBillingJob(env.deps, { tenantId: manila, billOn: '2026-12-01' });
    const runs = await withPlatform(env.testDb.db, (trx) =>
      trx.selectFrom('billing_runs').select(['tenant_id', 'trigger', 'status', 'run_on']).execute(),
    );
    assert.deepEqual(runs, [{ tenant_id: manila, trigger: 'schedule', status: 'completed', run_on: '2026-12-01' }]);
    assert.deepEqual(await companiesDueForBilling(env.deps), []);
  });

  it('fails a job whose payload has no valid company or date, and skips a suspended company', async () => {
    await assert.rejects(runBillingJob(env.deps, { tenantId: 'nope', billOn: '2026-12-01' }), /invalid payload/);
    await assert.rejects(runBillingJob(env.deps, { tenantId: manila, billOn: '2026-02-30' }), /invalid payload/);
    await runBillingJob(env.deps, { tenantId: suspended, billOn: '2026-12-01' });
    const runs = await withPlatform(env.testDb.db, (trx) => trx.selectFrom('billing_runs').select('id').where('tenant_id', '=', suspended).execute());
    assert.equal(runs.length, 0);
  });
});
