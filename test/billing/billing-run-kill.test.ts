/**
 * The billing run survives SIGKILL. A real `lastmile bill` process bills a company in
 * small batches and is killed with SIGKILL at three different points; a last run finishes
 * the job. Afterwards there is exactly one invoice per service and period, the invoice
 * numbers are 1..N with no gap and no duplicate, every invoice totals its lines, and the
 * ledger holds exactly one entry per invoice for the same amount.
 *
 * Only on a real PostgreSQL (TEST_DATABASE_URL): the embedded database is one process's
 * files, and a kill -9 there tests PGlite's crash safety, not ours. CI runs this file on
 * the real server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createTestApp, signUpTenant, type StaffSession, type TestApp } from '../helpers/app.ts';
import { onRealPostgres } from '../helpers/database.ts';
import { makePlan } from '../helpers/factories.ts';
import { withTenant } from '../../src/db/tenancy.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SERVICES = 2600;
const BILL_ON = '2026-11-15';
const RUN_TIMEOUT_MS = 120_000;

describe('billing run killed with SIGKILL', { skip: onRealPostgres ? false : 'needs TEST_DATABASE_URL (a real PostgreSQL)' }, () => {
  let t: TestApp;
  let owner: StaffSession;
  let dataDir: string;

  before(async () => {
    t = await createTestApp();
    owner = await signUpTenant(t);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-bill-kill-'));
    const plan = await makePlan(t, owner, { price_minor: 99900 });
    const cheap = await makePlan(t, owner, { price_minor: 49950, period_unit: 'day', period_count: 30 });
    await withTenant(t.app.db, owner.tenantId, async (trx) => {
      await sql`
        insert into customers (tenant_id, account_number, first_name, last_name, phone, status)
        select ${owner.tenantId}, 'K-' || lpad(g::text, 6, '0'), 'Maria', 'Santos ' || g, '0917' || lpad(g::text, 7, '0'), 'active'
          from generate_series(1, ${SERVICES}) g`.execute(trx);
      // Start dates spread over two months, so most services owe two periods by the
      // billing date and the run makes more than one pass.
      await sql`
        insert into services (tenant_id, customer_id, plan_id, billing_mode, start_on, status)
        select ${owner.tenantId}, c.id, case when n % 5 = 0 then ${cheap.id}::uuid else ${plan.id}::uuid end, 'postpaid',
               date '2026-09-20' + (n % 55)::int, 'active'
          from (select id, row_number() over (order by account_number) as n from customers where tenant_id = ${owner.tenantId}) c`.execute(trx);
    });
  });
  after(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function bill(killAfterInvoices: number | null): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    for (const name of ['MIGRATION_DATABASE_URL', 'LOG_SQL', 'LASTMILE_DEBUG']) delete env[name];
    env.DATABASE_URL = t.testDb.url;
    const child = spawn(process.execPath, ['bin/lastmile.js', 'bill', '--tenant', owner.tenantSlug, '--date', BILL_ON, '--batch-size', '25'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      // Progress lines (not a TTY): "Billing X: N of M invoices". Kill as soon as the run
      // passes the mark: the next batch is usually mid-transaction.
      const done = [...stderr.matchAll(/: (\d+) of \d+ invoices/g)].map((m) => Number(m[1]));
      if (killAfterInvoices !== null && done.some((n) => n >= killAfterInvoices)) child.kill('SIGKILL');
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`lastmile bill did not finish within ${RUN_TIMEOUT_MS} ms\n${stderr}`));
      }, RUN_TIMEOUT_MS);
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  }

  const q = <R>(query: ReturnType<typeof sql<R>>) => withTenant(t.app.db, owner.tenantId, async (trx) => (await query.execute(trx)).rows);

  it("leaves one invoice per service period, gapless numbers and a balanced ledger", async () => {
    // Each killed run is stopped once it reports 1,000 invoices of its own (progress is
    // printed every 1,000 off a terminal); about 4,000 are due in all.
    for (const mark of [1000, 1000, 1000]) {
      const killed = await bill(mark);
      assert.equal(killed.signal, 'SIGKILL', `the run was expected to be killed after ${mark} invoices:\n${killed.stdout}\n${killed.stderr}`);
    }
    const finished = await bill(null);
    assert.equal(finished.code, 0, finished.stderr);
    assert.match(finished.stdout, /billing run for 2026-11-15 completed/);

    const [expected] = await q(sql<{ periods: number }>`
      select sum(case when p.period_unit = 'day'
                      then ceil((${BILL_ON}::date - s.start_on + 1) / 30.0)
                      else (extract(year from age(${BILL_ON}::date, s.start_on)) * 12 + extract(month from age(${BILL_ON}::date, s.start_on)) + 1) end)::int as periods
        from services s join service_plans p on p.tenant_id = s.tenant_id and p.id = s.plan_id`);
    const [counts] = await q(sql<{ invoices: number; distinct_periods: number; max_seq: number; min_seq: number; distinct_seq: number }>`
      select count(*)::int as invoices, count(distinct (service_id, period_start))::int as distinct_periods,
             max(number_seq) as max_seq, min(number_seq) as min_seq, count(distinct number_seq)::int as distinct_seq
        from invoices`);
    assert.ok(counts && expected);
    assert.equal(counts.invoices, expected.periods, 'one invoice for every period due');
    assert.equal(counts.distinct_periods, counts.invoices, 'no service period invoiced twice');
    assert.deepEqual([counts.min_seq, counts.max_seq, counts.distinct_seq], [1, counts.invoices, counts.invoices], 'numbers 1..N, no gap, no duplicate');

    const unbalanced = await q(sql`
      select i.id from invoices i
        left join (select invoice_id, sum(total_minor) as lines from invoice_lines group by invoice_id) l on l.invoice_id = i.id
       where i.total_minor <> coalesce(l.lines, 0)`);
    assert.equal(unbalanced.length, 0, 'every invoice totals its lines');
    const [ledger] = await q(sql<{ entries: number; ledger: string; invoiced: string }>`
      select (select count(*)::int from ledger_entries) as entries,
             (select sum(amount_minor)::text from ledger_entries) as ledger,
             (select sum(total_minor)::text from invoices) as invoiced`);
    assert.equal(ledger?.entries, counts.invoices);
    assert.equal(ledger?.ledger, ledger?.invoiced);
    const [gapsInPeriods] = await q(sql<{ n: number }>`
      select count(*)::int as n from (
        select period_start, lag(period_end) over (partition by service_id order by period_start) as previous_end from invoices) x
       where previous_end is not null and previous_end <> period_start`);
    assert.equal(gapsInPeriods?.n, 0, 'each service billed period after period with no hole');

    const runs = await q(sql<{ status: string }>`select status from billing_runs order by started_at`);
    assert.deepEqual(runs.map((r) => r.status), ['interrupted', 'interrupted', 'interrupted', 'completed']);
  });
});
