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
      const key = (label: string, created: Date) => ({
        tenant_id: company.tenantId,
        key: label,
        request_hash: 'h',
        operation: 'payments.record',
        response_status: 201,
        response_body: '{}',
        created_at: created,
      });
      await trx.insertInto('idempotency_keys').values([key('key-8-days-old', at(-8 * DAY)), key('key-6-days-old', at(-6 * DAY))]).execute();
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
      const keys = await trx.selectFrom('idempotency_keys').select('key').where('tenant_id', '=', company.tenantId).where('key', 'like', 'key-%').execute();
      const label = (h: string) => h.slice(0, -company.tenantId.length - 1);
      return { sessions: sessions.map((s) => label(s.token_hash)).sort(), tokens: tokens.map((t) => label(t.token_hash)).sort(), keys: keys.map((k) => k.key), audits };
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
    assert.deepEqual(left.keys, ['key-6-days-old'], 'Idempotency-Keys are forgotten after 7 days');
    assert.equal(left.audits.length, 1);
    assert.equal(left.audits[0]!.actor_type, 'system');
    assert.equal(left.audits[0]!.entity_id, a.tenantId);
    assert.deepEqual(left.audits[0]!.after, { sessionsDeleted: 1, userTokensDeleted: 2, importFilesCleared: 0, idempotencyKeysDeleted: 1 });

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

  it('drops the content of uploads left unimported over 7 days, keeping the row, its report and other tenants’ files', async () => {
    const seedImports = (company: Company) =>
      withTenant(env.testDb.db, company.tenantId, async (trx) => {
        const now = env.clock.now().getTime();
        const file = (name: string, status: 'checked' | 'failed' | 'imported', ageDays: number, content: string | null) => ({
          tenant_id: company.tenantId,
          import_type: 'customers' as const,
          source: 'upload' as const,
          file_name: name,
          content,
          size_bytes: 40,
          status,
          row_count: 1,
          problem_count: status === 'failed' ? 1 : 0,
          problems: status === 'failed' ? JSON.stringify([{ line: 2, column: 'email', message: 'E-mail is taken' }]) : '[]',
          actor_type: 'user' as const,
          actor_id: company.userId,
          created_at: new Date(now - ageDays * DAY),
        });
        const csv = 'external_ref,first_name,last_name,email\nC-1,Ana,Cruz,ana@example.com\n';
        await trx
          .insertInto('import_files')
          .values([
            file('checked-8d.csv', 'checked', 8, csv),
            file('failed-8d.csv', 'failed', 8, csv),
            file('checked-6d.csv', 'checked', 6, csv),
            file('imported-8d.csv', 'imported', 8, null),
          ])
          .execute();
      });
    const files = (company: Company) =>
      withTenant(env.testDb.db, company.tenantId, async (trx) =>
        Object.fromEntries(
          (
            await trx
              .selectFrom('import_files')
              .select(['file_name', 'content', 'content_cleared_at', 'status', 'problem_count'])
              .where('tenant_id', '=', company.tenantId)
              .execute()
          ).map((f) => [f.file_name, { hasContent: f.content !== null, cleared: f.content_cleared_at?.getTime() ?? null, status: f.status, problems: f.problem_count }]),
        ),
      );
    await seedImports(a);
    await seedImports(b);
    const auditsBefore = (await remaining(a)).audits.length;
    await runFor(a);

    const now = env.clock.now().getTime();
    assert.deepEqual(await files(a), {
      'checked-8d.csv': { hasContent: false, cleared: now, status: 'checked', problems: 0 },
      'failed-8d.csv': { hasContent: false, cleared: now, status: 'failed', problems: 1 },
      'checked-6d.csv': { hasContent: true, cleared: null, status: 'checked', problems: 0 },
      'imported-8d.csv': { hasContent: false, cleared: null, status: 'imported', problems: 0 },
    });
    const audits = (await remaining(a)).audits;
    assert.equal(audits.length, auditsBefore + 1);
    assert.deepEqual(audits.at(-1)!.after, { sessionsDeleted: 0, userTokensDeleted: 0, importFilesCleared: 2, idempotencyKeysDeleted: 0 });
    // The other company's files wait for its own job.
    assert.equal(Object.values(await files(b)).filter((f) => f.hasContent).length, 3);

    // Two days on, the 6-day-old file is past 7 days too.
    env.clock.advance(2 * DAY);
    await runFor(a);
    assert.deepEqual((await files(a))['checked-6d.csv'], { hasContent: false, cleared: env.clock.now().getTime(), status: 'checked', problems: 0 });
  });
});
