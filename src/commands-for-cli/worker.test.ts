/**
 * The real `lastmile worker` process: started through bin/lastmile.js on a database of its
 * own (a temp DATA_DIR, or a fresh PostgreSQL database when TEST_DATABASE_URL is set), it
 * prints a readiness line once the queue, the workers and the nightly schedule are in place,
 * and exits 0 on SIGTERM after stopping the queue.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../../test/helpers/database.ts';
import { openDatabase } from '../db/database.ts';
import { NIGHTLY_FAN_OUT } from '../jobs/fan-out.ts';
import { NIGHTLY_CRON } from '../jobs/schedules.ts';
import { BILLING_CRON, BILLING_FAN_OUT } from '../jobs/billing/billing-fan-out.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

describe('lastmile worker', () => {
  let dataDir: string;
  let pgDb: TestDatabase | undefined;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-worker-'));
    if (onRealPostgres) pgDb = await createTestDatabase({ poolMax: 1 });
  });
  after(async () => {
    await pgDb?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, schedules the nightly fan-out, and stops cleanly on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    for (const name of ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'LOG_SQL', 'LASTMILE_DEBUG']) delete env[name];
    if (pgDb?.url) env.DATABASE_URL = pgDb.url;
    const child = spawn(process.execPath, ['bin/lastmile.js', 'worker'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // 'close', not 'exit': 'exit' can come before the last stdout lines have been read.
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('close', (code, signal) => resolve({ code, signal })),
    );
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no readiness line within ${START_TIMEOUT_MS} ms; stdout:\n${stdout}\nstderr:\n${stderr}`)), START_TIMEOUT_MS);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (/^Lastmile worker is running/m.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(({ code }) => {
        clearTimeout(timer);
        reject(new Error(`worker exited (${code}) before it was ready; stderr:\n${stderr}`));
      });
    });
    try {
      await ready;
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
    child.kill('SIGTERM');
    const stopTimer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const { code, signal } = await exited;
    clearTimeout(stopTimer);
    assert.equal(signal, null, `worker was killed: stdout:\n${stdout}\nstderr:\n${stderr}`);
    assert.equal(code, 0, stderr);
    const logs = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; signal?: string });
    assert.ok(logs.some((l) => l.msg === 'job workers started'));
    assert.ok(logs.some((l) => l.msg === 'shutting down: finishing jobs in flight' && l.signal === 'SIGTERM'));
    assert.equal(logs.at(-1)?.msg, 'stopped');

    // What it left behind: the queue schema and the nightly schedule (the data dir is free again).
    const db = pgDb?.db ?? (await openDatabase({ embeddedDir: path.join(dataDir, 'pglite') }));
    try {
      const { rows } = await db.pool.query<{ name: string; cron: string; timezone: string }>('select name, cron, timezone from pgboss.schedule order by name');
      assert.deepEqual(rows, [
        { name: BILLING_FAN_OUT, cron: BILLING_CRON, timezone: 'UTC' },
        { name: NIGHTLY_FAN_OUT, cron: NIGHTLY_CRON, timezone: 'UTC' },
      ]);
    } finally {
      if (!pgDb) await db.close();
    }
  });
});
