/**
 * Shared by the job tests: a migrated test database with the queue installed and started,
 * a logger whose lines the test can read, companies signed up the real way, and a bounded
 * wait on a job's state (polling pg-boss, never a fixed sleep).
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import type PgBoss from 'pg-boss';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { TestClock } from '../../test/helpers/app.ts';
import { signUpCompany } from '../modules/tenants/sign-up-company.ts';
import { withPlatform } from '../db/tenancy.ts';
import { installQueue, startQueue, stopQueue } from './queue.ts';
import type { JobDeps } from './tenant-job.ts';

export interface JobTestEnv {
  testDb: TestDatabase;
  boss: PgBoss;
  clock: TestClock;
  deps: JobDeps;
  /** Every log line written through deps.logger, parsed. */
  logLines: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function createJobTestEnv(queueNames: string[]): Promise<JobTestEnv> {
  const testDb = await createTestDatabase();
  const { db } = testDb;
  await installQueue(db.pool, db.pool, queueNames);
  // No cron timekeeper in tests: jobs are sent and awaited explicitly.
  const boss = await startQueue(db, { schedule: false, pollingIntervalSeconds: 0.5 });
  const logLines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const clock = new TestClock();
  const deps: JobDeps = { db, logger: pino({ level: 'info' }, sink), clock: clock.now };
  return {
    testDb,
    boss,
    clock,
    deps,
    logLines,
    async close() {
      await stopQueue(boss, 2000);
      await testDb.close();
    },
  };
}

let counter = 0;

export async function signUpTestCompany(env: JobTestEnv): Promise<{ tenantId: string; userId: string }> {
  counter += 1;
  const result = await signUpCompany(
    { db: env.testDb.db, now: env.clock.now },
    { companyName: `Jobs ISP ${counter}`, ownerName: `Owner ${counter}`, email: `jobs-owner${counter}@example.test`, password: 'correct horse battery' },
  );
  return { tenantId: result.tenantId, userId: result.userId };
}

export async function setTenantStatus(env: JobTestEnv, tenantId: string, status: 'active' | 'suspended'): Promise<void> {
  await withPlatform(env.testDb.db, (trx) => trx.updateTable('tenants').set({ status }).where('id', '=', tenantId).execute());
}

/** Waits until the job reaches one of `states`; fails after `timeoutMs`. */
export async function waitForJobState(
  boss: PgBoss,
  queue: string,
  id: string,
  states: readonly string[],
  timeoutMs = 15_000,
): Promise<PgBoss.JobWithMetadata<unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await boss.getJobById<unknown>(queue, id);
    if (job && states.includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} on ${queue} did not reach ${states.join('/')} within ${timeoutMs} ms (state ${job?.state ?? 'missing'})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
