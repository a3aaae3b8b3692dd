import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createJobTestEnv, setTenantStatus, signUpTestCompany, waitForJobState, type JobTestEnv } from './job-test-helpers.ts';
import { defineTenantJob, enqueueTenantJob, InvalidJobPayloadError, runTenantJob, workTenantJob } from './tenant-job.ts';

interface Seen {
  setting: string;
  role: string;
  userTenants: string[];
  data: { note: string };
  actor: string;
}

const PROBE = 'test.probe';
const UNWORKED = 'test.unworked';

describe('tenant jobs', () => {
  let env: JobTestEnv;
  let a: { tenantId: string; userId: string };
  let b: { tenantId: string; userId: string };
  const seen: Seen[] = [];
  const probe = defineTenantJob<{ note: string }>(PROBE, async (ctx, data, log) => {
    const row = await sql<{ setting: string; role: string }>`select current_setting('app.tenant_id') as setting, current_user as role`.execute(ctx.trx);
    // No tenant filter on purpose: RLS alone must hide the other company's users.
    const users = await sql<{ tenant_id: string }>`select tenant_id from users`.execute(ctx.trx);
    seen.push({ setting: row.rows[0]!.setting, role: row.rows[0]!.role, userTenants: users.rows.map((u) => u.tenant_id), data, actor: ctx.actor.type });
    log.info('probe ran');
  });
  const unworked = defineTenantJob<{ note: string }>(UNWORKED, async () => {
    seen.push({ setting: 'should not run', role: '', userTenants: [], data: { note: '' }, actor: '' });
  });

  before(async () => {
    env = await createJobTestEnv([PROBE, UNWORKED]);
    a = await signUpTestCompany(env);
    b = await signUpTestCompany(env);
  });
  after(async () => {
    await env.close();
  });

  it('runs inside the payload tenant’s RLS context, as the system actor, and logs with tenant and job ids', async () => {
    await workTenantJob(env.boss, env.deps, probe);
    const id = await enqueueTenantJob(env.boss, probe, a.tenantId, { note: 'hello' });
    assert.ok(id);
    const job = await waitForJobState(env.boss, PROBE, id, ['completed', 'failed']);
    assert.equal(job.state, 'completed');
    assert.deepEqual(job.data, { tenantId: a.tenantId, data: { note: 'hello' } });
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.setting, a.tenantId);
    assert.equal(seen[0]!.role, 'lastmile_app');
    assert.deepEqual(seen[0]!.userTenants, [a.tenantId]);
    assert.deepEqual(seen[0]!.data, { note: 'hello' });
    assert.equal(seen[0]!.actor, 'system');
    const jobLines = env.logLines.filter((l) => l.jobId === id);
    assert.ok(jobLines.some((l) => l.msg === 'probe ran'));
    for (const line of jobLines) assert.equal(line.tenantId, a.tenantId);
  });

  it('refuses at enqueue a payload without a valid tenant id, and queues nothing', async () => {
    for (const bad of ['', 'not-a-uuid', `${a.tenantId}x`, undefined as unknown as string, 42 as unknown as string]) {
      await assert.rejects(() => enqueueTenantJob(env.boss, unworked, bad, { note: 'x' }), InvalidJobPayloadError);
    }
    assert.equal(await env.boss.getQueueSize(UNWORKED), 0);
  });

  it('completes without running a job whose tenant is suspended or unknown', async () => {
    await setTenantStatus(env, b.tenantId, 'suspended');
    try {
      const unknownTenant = randomUUID();
      await enqueueTenantJob(env.boss, unworked, b.tenantId, { note: 'suspended' });
      await enqueueTenantJob(env.boss, unworked, unknownTenant, { note: 'unknown' });
      const fetched = await env.boss.fetch<unknown>(UNWORKED, { batchSize: 10 });
      assert.equal(fetched.length, 2);
      for (const queued of fetched) assert.equal(await runTenantJob(env.deps, unworked, queued), 'skipped');
      assert.ok(!seen.some((s) => s.setting === 'should not run'));
      const skipLines = env.logLines.filter((l) => l.msg === 'tenant is not active; job completed without running');
      assert.deepEqual(skipLines.map((l) => l.tenantId).sort(), [b.tenantId, unknownTenant].sort());
      for (const line of skipLines) assert.ok(fetched.some((f) => f.id === line.jobId));
    } finally {
      await setTenantStatus(env, b.tenantId, 'active');
    }
  });

  it('fails a queued job whose payload carries no valid tenant id, without touching any tenant', async () => {
    await env.boss.send(UNWORKED, { data: { note: 'no tenant' } });
    await env.boss.send(UNWORKED, { tenantId: 'nope', data: { note: 'bad tenant' } });
    const fetched = await env.boss.fetch<unknown>(UNWORKED, { batchSize: 10 });
    assert.equal(fetched.length, 2);
    for (const queued of fetched) await assert.rejects(() => runTenantJob(env.deps, unworked, queued), InvalidJobPayloadError);
    assert.ok(!seen.some((s) => s.setting === 'should not run'));
  });

  it('rolls back the tenant transaction when the handler throws', async () => {
    const failing = defineTenantJob<Record<string, never>>('test.failing', async (ctx) => {
      await ctx.trx.updateTable('tenants').set({ name: 'Renamed by a failing job' }).where('id', '=', ctx.tenantId).execute();
      throw new Error('boom');
    });
    await assert.rejects(() => runTenantJob(env.deps, failing, { id: randomUUID(), name: 'test.failing', expireInSeconds: 60, data: { tenantId: a.tenantId, data: {} } }), /boom/);
    const name = await sql<{ name: string }>`select name from tenants where id = ${a.tenantId}`.execute(env.testDb.db.kysely);
    assert.notEqual(name.rows[0]!.name, 'Renamed by a failing job');
  });
});
