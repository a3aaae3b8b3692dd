import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createJobTestEnv, setTenantStatus, signUpTestCompany, waitForJobState, type JobTestEnv } from './job-test-helpers.ts';
import { fanOutTenantJob, NIGHTLY_FAN_OUT, workNightlyFanOut } from './fan-out.ts';
import { defineTenantJob, type TenantJobPayload } from './tenant-job.ts';

const NIGHTLY = 'test.nightly';

describe('fan-out over tenants', () => {
  let env: JobTestEnv;
  const active: string[] = [];
  let suspended: string;
  const nightly = defineTenantJob<Record<string, never>>(NIGHTLY, async () => {});

  before(async () => {
    env = await createJobTestEnv([NIGHTLY, NIGHTLY_FAN_OUT]);
    active.push((await signUpTestCompany(env)).tenantId, (await signUpTestCompany(env)).tenantId);
    suspended = (await signUpTestCompany(env)).tenantId;
    await setTenantStatus(env, suspended, 'suspended');
  });
  after(async () => {
    await env.close();
  });

  async function queuedTenants(): Promise<string[]> {
    const jobs = await env.boss.fetch<TenantJobPayload<unknown>>(NIGHTLY, { batchSize: 50 });
    await Promise.all(jobs.map((job) => env.boss.complete(NIGHTLY, job.id)));
    return jobs.map((job) => job.data.tenantId).sort();
  }

  it('enqueues exactly one job per active tenant and none for a suspended one', async () => {
    const result = await fanOutTenantJob(env.boss, env.deps, nightly, {});
    assert.deepEqual(result, { tenants: 2, enqueued: 2 });
    assert.deepEqual(await queuedTenants(), [...active].sort());
  });

  it('adds nothing on a second fan-out the same day, even after the first jobs completed', async () => {
    const again = await fanOutTenantJob(env.boss, env.deps, nightly, {});
    assert.deepEqual(again, { tenants: 2, enqueued: 0 });
    assert.deepEqual(await queuedTenants(), []);
  });

  it('runs as a platform job: the nightly fan-out job enqueues the tenant jobs it lists', async () => {
    const fresh = (await signUpTestCompany(env)).tenantId;
    await workNightlyFanOut(env.boss, env.deps, [nightly]);
    const id = await env.boss.send(NIGHTLY_FAN_OUT, {});
    assert.ok(id);
    assert.equal((await waitForJobState(env.boss, NIGHTLY_FAN_OUT, id, ['completed', 'failed'])).state, 'completed');
    // The two tenants already served today get nothing new; the company that just signed up does.
    assert.deepEqual(await queuedTenants(), [fresh]);
    const line = env.logLines.find((l) => l.jobId === id && l.msg === 'fanned out to active tenants');
    assert.equal(line?.enqueued, 1);
  });
});
