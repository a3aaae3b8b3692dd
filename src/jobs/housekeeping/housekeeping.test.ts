import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withTenant } from '../../db/tenancy.ts';
import { createJobTestEnv, signUpTestCompany, waitForJobState, type JobTestEnv } from '../job-test-helpers.ts';
import { enqueueTenantJob, workTenantJob } from '../tenant-job.ts';
import { housekeepingJob } from './housekeeping-job.ts';

const DAY = 24 * 60 * 60 * 1000;

interface Company {
  tenantId: string;
  userId: string;
}

describe('tenant.housekeeping', () => {
  let env: JobTestEnv;
  let a: Company;
  let b: Company;

  before(async () => {
    env = await createJobTestEnv([housekeepingJob.name]);
    a = await signUpTestCompany(env);
    b = await signUpTestCompany(env);
    await workTenantJob(env.boss, env.deps, housekeepingJob);
  });
  after(async () => {
    await env.close();
  });

  /** Per company: one row of each kind to delete and one to keep, labelled by token hash. */
  async function seed(company: Company): Promise<void> {
    const now = env.clock.now().getTime();
    const at = (offset: number) => new Date(now + offset);
    await withTenant(env.testDb.db, company.tenantId, async (trx) => {
      const session = (label: string, expires: Date) => ({
        tenant_id: company.tenantId,
        user_id: company.userId,
        token_hash: `${label}-${company.tenantId}`,
        ip: null,
        user_agent: null,
        created_at: at(-40 * DAY),
        last_seen_at: at(-DAY),
        expires_at: expires,
      });
      await trx.insertInto('sessions').values([session('session-expired', at(-1000)), session('session-live', at(DAY))]).execute();
      const token = (label: string, expires: Date, used: Date | null) => ({
        tenant_id: company.tenantId,
        user_id: company.userId,
        purpose: 'password_reset' as const,
        token_hash: `${label}-${company.tenantId}`,
        created_at: at(-40 * DAY),
        expires_at: expires,
        used_at: used,
      });
      await trx
        .insertInto('user_tokens')
        .values([
          token('token-expired', at(-1000), null),
          token('token-used-long-ago', at(DAY), at(-31 * DAY)),
          token('token-used-recently', at(DAY), at(-29 * DAY)),
          token('token-open', at(DAY), null),
        ])
        .execute();
    });
  }

  async function remaining(company: Company) {
    return withTenant(env.testDb.db, company.tenantId, async (trx) => {
      const sessions = await trx.selectFrom('sessions').select('token_hash').where('tenant_id', '=', company.tenantId).where('token_hash', 'like', 'session-%').execute();
      const tokens = await trx.selectFrom('user_tokens').select('token_hash').where('tenant_id', '=', company.tenantId).where('token_hash', 'like', 'token-%').execute();
      const audits = await trx
        .selectFrom('audit_events')
        .select(['actor_type', 'entity_id', 'after'])
        .where('tenant_id', '=', company.tenantId)
        .where('action', '=', 'system.housekeeping')
        .execute();
      const label = (h: string) => h.slice(0, -company.tenantId.length - 1);
      return { sessions: sessions.map((s) => label(s.token_hash)).sort(), tokens: tokens.map((t) => label(t.token_hash)).sort(), audits };
    });
  }

  async function runFor(company: Company): Promise<void> {
    const id = await enqueueTenantJob(env.boss, housekeepingJob, company.tenantId, {});
    assert.ok(id);
    assert.equal((await waitForJobState(env.boss, housekeepingJob.name, id, ['completed', 'failed'])).state, 'completed');
  }

  it('deletes exactly its own tenant’s expired sessions and stale tokens, and audits the counts', async () => {
    await seed(a);
    await seed(b);
    await runFor(a);

    const left = await remaining(a);
    assert.deepEqual(left.sessions, ['session-live']);
    assert.deepEqual(left.tokens, ['token-open', 'token-used-recently']);
    assert.equal(left.audits.length, 1);
    assert.equal(left.audits[0]!.actor_type, 'system');
    assert.equal(left.audits[0]!.entity_id, a.tenantId);
    assert.deepEqual(left.audits[0]!.after, { sessionsDeleted: 1, userTokensDeleted: 2 });

    // The other company's expired rows wait for its own job.
    const untouched = await remaining(b);
    assert.deepEqual(untouched.sessions, ['session-expired', 'session-live']);
    assert.deepEqual(untouched.tokens, ['token-expired', 'token-open', 'token-used-long-ago', 'token-used-recently']);
    assert.equal(untouched.audits.length, 0);

    await runFor(b);
    const cleaned = await remaining(b);
    assert.deepEqual(cleaned.sessions, ['session-live']);
    assert.deepEqual(cleaned.tokens, ['token-open', 'token-used-recently']);
    assert.equal(cleaned.audits.length, 1);
  });

  it('writes no audit event when there was nothing to delete', async () => {
    await runFor(a);
    assert.equal((await remaining(a)).audits.length, 1);
  });

  it('reads expiry from the injected clock', async () => {
    env.clock.advance(2 * DAY);
    await runFor(a);
    const left = await remaining(a);
    assert.deepEqual(left.sessions, []);
    // Expiry passed for both remaining tokens now.
    assert.deepEqual(left.tokens, []);
    assert.equal(left.audits.length, 2);
  });
});
