/**
 * The billing run at 1,000,000 postpaid services across 100 tenants, on the local PostgreSQL.
 *
 *   npm run bench:billing     (node --import tsx bench/billing-run.ts)
 *
 * 1. Creates a fresh database (dropped at the end, also on Ctrl-C, unless KEEP_DB=1) and
 *    migrates it. Seeds as the superuser with set-based INSERT ... SELECT generate_series:
 *    TENANTS tenants (settings, two plans, four kinds: 12% VAT inclusive, 16% VAT exclusive,
 *    12% inclusive under a fixed billing day, untaxed), SERVICES active postpaid services
 *    split evenly, one customer per service except every tenth customer who has two, start
 *    dates spread over the month so every service has exactly one period due on 2026-12-01
 *    (prorated under the fixed day), a few discounts and price overrides. VACUUM ANALYZE.
 * 2. Baseline, same data: one INSERT ... SELECT of the invoices and one of their lines
 *    (the same amounts, numbers, snapshots and descriptions the run writes), timed; then the
 *    ledger rows the run also writes, timed apart. Then TRUNCATE, counters reset.
 * 3. The run: `runBilling` for every tenant through `openDatabase` and `withTenant` (RLS,
 *    role switch and all), CONCURRENCY tenants at a time, as the system actor with
 *    billing.run. Wall time, services/s, peak RSS (sampled every 200 ms, and VmHWM).
 * 4. Verifies: one invoice per service, numbers 1..N per tenant with no gap, ledger sum =
 *    invoice totals (per customer), every invoice total = sum of its lines, and the same
 *    per-tenant totals as the baseline's independent SQL arithmetic.
 *
 * CONCURRENCY and BATCH_SIZE take lists ("1,2,4"): each combination is one run on the same
 * data, reset in between. Results go to bench/results/billing-run-<time>.json.
 *
 * Environment: BENCH_ADMIN_URL (superuser, default postgres://postgres@127.0.0.1:5432/postgres),
 * TENANTS (100), SERVICES (1000000 in all), CONCURRENCY (2), BATCH_SIZE (2000), KEEP_DB.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrateUp } from '../src/db/migrate.ts';
import type { Actor } from '../src/modules/context.ts';
import { runBilling } from '../src/modules/billing-runs/run-billing.ts';
import { round } from './stats.ts';
import { ADMIN_URL, adminQuery, envInt, timedLog } from './bench-kit.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

function envIntList(name: string, fallback: number): number[] {
  const raw = process.env[name];
  if (!raw) return [fallback];
  const values = raw.split(',').map((v) => v.trim());
  if (values.some((v) => !/^\d+$/.test(v) || Number(v) < 1)) throw new Error(`${name} must be positive whole numbers, comma-separated`);
  return values.map(Number);
}

const settings = {
  tenants: envInt('TENANTS', 100),
  services: envInt('SERVICES', 1_000_000),
  concurrency: envIntList('CONCURRENCY', 2),
  batchSize: envIntList('BATCH_SIZE', 2000),
  keepDb: process.env.KEEP_DB === '1',
  billOn: '2026-12-01',
  // Fixed-day tenants bill on the 2nd: services that started Nov 3 to Dec 1 get one prorated
  // period up to Dec 2, the ones that started Nov 2 a full one.
  fixedDay: 2,
};

const log = timedLog();
const actor: Actor = { type: 'system', id: null, label: 'billing benchmark', isOwner: false, permissions: new Set(['billing.run']) };

/** Tenant kind by (n % 4): currency, zone, tax rate on the plans' class, billing day policy. */
const KINDS_SQL = `(VALUES
  (1, 'PHP', 'Asia/Manila', 'PH', 'en-PH', 120000, true, 'VAT', 'anniversary'),
  (2, 'KES', 'Africa/Nairobi', 'KE', 'en-KE', 160000, false, 'VAT', 'anniversary'),
  (3, 'PHP', 'Asia/Manila', 'PH', 'en-PH', 120000, true, 'VAT', 'fixed_day'),
  (0, 'PHP', 'Asia/Manila', 'PH', 'en-PH', NULL, NULL, NULL, 'anniversary')
) AS k(kind, currency, time_zone, country, locale, rate_ppm, inclusive, tax_name, policy)`;

async function seed(client: pg.ClientBase): Promise<void> {
  const perTenant = Math.floor(settings.services / settings.tenants);
  const remainder = settings.services % settings.tenants;
  await client.query('BEGIN');
  await client.query(
    `CREATE TEMP TABLE bench_tenants ON COMMIT DROP AS
     WITH t AS (INSERT INTO tenants (slug, name) SELECT 'billing-isp-' || n, 'Billing ISP ' || n FROM generate_series(1, $1::int) n RETURNING id, slug)
     SELECT id, split_part(slug, '-', 3)::int AS n,
            $2::int + (split_part(slug, '-', 3)::int <= $3::int)::int AS services
       FROM t`,
    [settings.tenants, perTenant, remainder],
  );
  // Ten customers in eleven services: every tenth customer has a second service.
  await client.query(`ALTER TABLE bench_tenants ADD COLUMN customers int`);
  await client.query(`UPDATE bench_tenants SET customers = ceil(services * 10 / 11.0)`);
  await client.query(
    `INSERT INTO tenant_settings (tenant_id, currency, time_zone, country, locale, legal_name, address, tax_id, billing_day_policy, billing_day)
     SELECT t.id, k.currency, k.time_zone, k.country, k.locale, 'Billing ISP ' || t.n || ' Inc.', 'Unit ' || t.n || ', Main Street',
            '000-' || lpad(t.n::text, 3, '0'), k.policy, $1
       FROM bench_tenants t JOIN ${KINDS_SQL} ON k.kind = t.n % 4`,
    [settings.fixedDay],
  );
  await client.query(
    `INSERT INTO tax_rates (tenant_id, tax_class, name, rate_ppm, inclusive)
     SELECT t.id, 'standard', k.tax_name, k.rate_ppm, k.inclusive
       FROM bench_tenants t JOIN ${KINDS_SQL} ON k.kind = t.n % 4 WHERE k.rate_ppm IS NOT NULL`,
  );
  await client.query(
    `INSERT INTO service_plans (tenant_id, name, download_mbps, upload_mbps, price_minor, currency)
     SELECT t.id, p.name, p.mbps, p.mbps, CASE WHEN k.currency = 'KES' THEN p.kes ELSE p.php END, k.currency
       FROM bench_tenants t JOIN ${KINDS_SQL} ON k.kind = t.n % 4
      CROSS JOIN (VALUES ('Fiber 50', 50, 149900, 299900), ('Fiber 200', 200, 249900, 499900)) AS p(name, mbps, php, kes)`,
  );
  await client.query(
    `INSERT INTO customers (tenant_id, account_number, first_name, last_name, email, phone, service_address, status)
     SELECT t.id, 'ACC-' || lpad(c::text, 7, '0'),
            (ARRAY['Maria', 'Jose', 'Wanjiku', 'Otieno', 'Ana', 'Kamau', 'Rowena', 'Achieng', 'Ramon', 'Njeri'])[1 + c % 10],
            (ARRAY['Santos', 'Reyes', 'Mwangi', 'Cruz', 'Kariuki', 'Bautista', 'Ochieng', 'Garcia', 'Kimani', 'Torres'])[1 + (c / 10) % 10],
            'sub' || c || '@isp' || t.n || '.example', '0917' || lpad(c::text, 7, '0'), 'Lot ' || (1 + c % 40) || ' Block ' || (1 + c % 25),
            'active'
       FROM bench_tenants t CROSS JOIN LATERAL generate_series(1, t.customers) c`,
  );
  await client.query(
    `INSERT INTO tenant_counters (tenant_id, name, last_value) SELECT id, 'customer_account', customers FROM bench_tenants`,
  );
  // Customer c has a second service when c <= services - customers. Start dates Nov 2 to
  // Dec 1, so exactly one monthly period is due on Dec 1. One in 20 has a discount, one in
  // 50 a price override (both must carry a reason).
  await client.query(
    `WITH plans AS (
       SELECT tenant_id, (array_agg(id ORDER BY price_minor))[1] AS basic, (array_agg(id ORDER BY price_minor))[2] AS fast
         FROM service_plans GROUP BY tenant_id)
     INSERT INTO services (tenant_id, customer_id, plan_id, billing_mode, start_on, status, discount_minor, price_override_minor, adjustment_reason)
     SELECT c.tenant_id, c.id, CASE WHEN x.k % 3 = 0 THEN p.fast ELSE p.basic END, 'postpaid',
            date '2026-11-02' + ((x.k * 7 + s * 13) % 30), 'active',
            CASE WHEN x.k % 20 = 0 THEN 10000 END, CASE WHEN x.k % 50 = 7 THEN 99900 END,
            CASE WHEN x.k % 20 = 0 THEN 'Loyalty discount' WHEN x.k % 50 = 7 THEN 'Promo price' ELSE '' END
       FROM customers c
       JOIN bench_tenants t ON t.id = c.tenant_id
       JOIN plans p ON p.tenant_id = c.tenant_id
      CROSS JOIN LATERAL (SELECT substr(c.account_number, 5)::int AS k) x
      CROSS JOIN LATERAL generate_series(1, 1 + (x.k <= t.services - t.customers)::int) s`,
  );
  await client.query('COMMIT');
}

/**
 * What the run should write for each due service, in plain SQL: the period (anniversary:
 * one month from the start; fixed day: up to the next billing day), the price after override
 * and discount, prorated by days, and the line tax, all rounded half away from zero.
 */
const PRICED_SQL = `
  SELECT s.tenant_id, s.id AS service_id, s.customer_id, p.name AS plan_name, st.currency, r.rate_ppm, r.inclusive, r.name AS tax_name,
         s.start_on AS period_start, e.period_end, e.period_end - s.start_on AS days, e.full_days,
         round(greatest(0, coalesce(s.price_override_minor, p.price_minor) - coalesce(s.discount_minor, 0))
               * (e.period_end - s.start_on)::numeric / e.full_days)::bigint AS amount
    FROM services s
    JOIN service_plans p ON p.tenant_id = s.tenant_id AND p.id = s.plan_id
    JOIN tenant_settings st ON st.tenant_id = s.tenant_id
    LEFT JOIN tax_rates r ON r.tenant_id = s.tenant_id AND r.tax_class = p.tax_class
   CROSS JOIN LATERAL (
     SELECT CASE WHEN st.billing_day_policy = 'fixed_day' THEN date '${settings.billOn}' + 1 ELSE (s.start_on + interval '1 month')::date END AS period_end) e0
   CROSS JOIN LATERAL (SELECT e0.period_end, e0.period_end - (e0.period_end - interval '1 month')::date AS full_days) e
   WHERE s.billing_mode = 'postpaid' AND s.status = 'active'`;

const BASELINE_INVOICES_SQL = `
  INSERT INTO invoices (tenant_id, id, customer_id, service_id, kind, status, number, number_seq, currency, issued_on, due_on,
                        period_start, period_end, subtotal_minor, tax_minor, total_minor, customer_snapshot, created_by_label, finalized_at)
  SELECT x.tenant_id, gen_random_uuid(), x.customer_id, x.service_id, 'recurring', 'open', 'INV-' || lpad(x.seq::text, 6, '0'), x.seq,
         x.currency, date '${settings.billOn}', date '${settings.billOn}' + 7, x.period_start, x.period_end, x.net, x.tax, x.net + x.tax,
         jsonb_build_object('name', c.display_name, 'accountNumber', c.account_number, 'address', c.service_address,
                            'email', coalesce(c.email, ''), 'phone', c.phone, 'taxId', ''),
         'baseline', now()
    FROM (
      SELECT q.*, row_number() OVER (PARTITION BY q.tenant_id ORDER BY q.service_id)::int AS seq,
             CASE WHEN q.inclusive THEN round(q.amount * 1000000.0 / (1000000 + q.rate_ppm))::bigint ELSE q.amount END AS net,
             CASE WHEN q.inclusive THEN q.amount - round(q.amount * 1000000.0 / (1000000 + q.rate_ppm))::bigint
                  ELSE coalesce(round(q.amount * q.rate_ppm / 1000000.0)::bigint, 0) END AS tax
        FROM (${PRICED_SQL}) q
    ) x
    JOIN customers c ON c.tenant_id = x.tenant_id AND c.id = x.customer_id`;

const BASELINE_LINES_SQL = `
  INSERT INTO invoice_lines (tenant_id, invoice_id, position, kind, description, service_id, period_start, period_end, quantity,
                             unit_price_minor, amount_minor, tax_class, tax_name, tax_rate_ppm, tax_inclusive, net_minor, tax_minor, total_minor)
  SELECT i.tenant_id, i.id, 1, 'service',
         p.name || ', ' || to_char(i.period_start, 'FMDD Mon YYYY') || ' to ' || to_char(i.period_end - 1, 'FMDD Mon YYYY')
           || CASE WHEN i.period_end - i.period_start <> f.full_days THEN ' (' || (i.period_end - i.period_start) || ' of ' || f.full_days || ' days)' ELSE '' END,
         i.service_id, i.period_start, i.period_end, 1,
         CASE WHEN r.inclusive THEN i.total_minor ELSE i.subtotal_minor END, CASE WHEN r.inclusive THEN i.total_minor ELSE i.subtotal_minor END,
         r.tax_class, r.name, coalesce(r.rate_ppm, 0), coalesce(r.inclusive, false), i.subtotal_minor, i.tax_minor, i.total_minor
    FROM invoices i
    JOIN services s ON s.tenant_id = i.tenant_id AND s.id = i.service_id
    JOIN service_plans p ON p.tenant_id = s.tenant_id AND p.id = s.plan_id
    LEFT JOIN tax_rates r ON r.tenant_id = p.tenant_id AND r.tax_class = p.tax_class
   CROSS JOIN LATERAL (SELECT i.period_end - (i.period_end - interval '1 month')::date AS full_days) f`;

const BASELINE_LEDGER_SQL = `
  INSERT INTO ledger_entries (tenant_id, customer_id, entry_type, amount_minor, currency, effective_on, description, invoice_id)
  SELECT tenant_id, customer_id, 'invoice', total_minor, currency, issued_on, 'Invoice ' || number, id FROM invoices`;

type TenantTotals = Map<string, string>;

async function perTenantTotals(client: pg.ClientBase): Promise<TenantTotals> {
  const rows = await client.query<{ tenant_id: string; figures: string }>(
    `SELECT tenant_id, count(*) || ' invoices, total ' || sum(total_minor) || ', tax ' || sum(tax_minor) AS figures FROM invoices GROUP BY tenant_id`,
  );
  return new Map(rows.rows.map((r) => [r.tenant_id, r.figures]));
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

/** Back to unbilled: what a run writes is removed (TRUNCATE skips the append-only triggers). */
async function resetBilling(client: pg.ClientBase): Promise<void> {
  await client.query('TRUNCATE invoice_lines, ledger_entries, invoices, billing_runs, audit_events CASCADE');
  await client.query(`DELETE FROM tenant_counters WHERE name = 'invoice'`);
  const touched = await client.query(`UPDATE services SET billed_until = NULL, anchor_day = NULL WHERE billed_until IS NOT NULL OR anchor_day IS NOT NULL`);
  if ((touched.rowCount ?? 0) > 0) await client.query('VACUUM (ANALYZE) services');
  await client.query('CHECKPOINT');
}

async function baseline(client: pg.ClientBase) {
  await client.query('CHECKPOINT');
  await client.query('BEGIN');
  const invoicesSeconds = await timed(() => client.query(BASELINE_INVOICES_SQL));
  const linesSeconds = await timed(() => client.query(BASELINE_LINES_SQL));
  const commitSeconds = await timed(() => client.query('COMMIT'));
  const ledgerSeconds = await timed(async () => {
    await client.query('BEGIN');
    await client.query(BASELINE_LEDGER_SQL);
    await client.query('COMMIT');
  });
  const totals = await perTenantTotals(client);
  const seconds = invoicesSeconds + linesSeconds + commitSeconds;
  return { seconds: round(seconds), invoicesSeconds: round(invoicesSeconds), linesSeconds: round(linesSeconds), commitSeconds: round(commitSeconds), ledgerSeconds: round(ledgerSeconds), withLedgerSeconds: round(seconds + ledgerSeconds), totals };
}

function readVmHwm(): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return match?.[1] ? Number(match[1]) * 1024 : 0;
}

async function billAllTenants(url: string, tenantIds: string[], concurrency: number, batchSize: number) {
  const db = await openDatabase({ url, poolMax: concurrency });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 200);
  const queue = [...tenantIds];
  const tenantSeconds: number[] = [];
  let invoices = 0;
  let done = 0;
  const start = performance.now();
  try {
    const worker = async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const t0 = performance.now();
        const summary = await runBilling({ db, now: () => new Date() }, id, actor, { billOn: settings.billOn, trigger: 'cli', batchSize });
        if (summary.status !== 'completed' || summary.errors.length > 0) throw new Error(`tenant ${id}: ${summary.status} ${JSON.stringify(summary.errors.slice(0, 3))}`);
        tenantSeconds.push((performance.now() - t0) / 1000);
        invoices += summary.invoicesCreated;
        done += 1;
        if (done % Math.max(1, Math.floor(tenantIds.length / 10)) === 0) log(`  ${done}/${tenantIds.length} tenants, ${invoices.toLocaleString('en')} invoices`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    clearInterval(sampler);
    await db.close();
  }
  const seconds = (performance.now() - start) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const sorted = [...tenantSeconds].sort((a, b) => a - b);
  return {
    seconds: round(seconds),
    invoices,
    servicesPerSecond: round(invoices / seconds, 0),
    peakRssMiB: round(peakRss / 2 ** 20, 0),
    tenantSecondsP50: round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    tenantSecondsMax: round(sorted[sorted.length - 1] ?? 0),
  };
}

/** Every invariant the issue names, as counts of violations (all must be 0). */
async function verify(client: pg.ClientBase, expectedServices: number, baselineTotals: TenantTotals) {
  const row = await client.query<Record<string, string>>(`
    SELECT
      (SELECT count(*) FROM invoices)::text AS invoices,
      (SELECT count(*) FROM invoice_lines)::text AS lines,
      (SELECT count(*) FROM ledger_entries)::text AS ledger_rows,
      (SELECT count(*) FROM services s WHERE NOT EXISTS
         (SELECT 1 FROM invoices i WHERE i.tenant_id = s.tenant_id AND i.service_id = s.id))::text AS services_without_invoice,
      (SELECT count(*) FROM (SELECT 1 FROM invoices GROUP BY tenant_id, service_id HAVING count(*) > 1) d)::text AS services_billed_twice,
      (SELECT count(*) FROM (SELECT 1 FROM invoices GROUP BY tenant_id
         HAVING min(number_seq) <> 1 OR max(number_seq) <> count(*) OR count(DISTINCT number_seq) <> count(*)) g)::text AS tenants_with_gaps,
      (SELECT count(*) FROM tenant_counters c WHERE c.name = 'invoice'
         AND c.last_value <> (SELECT count(*) FROM invoices i WHERE i.tenant_id = c.tenant_id))::text AS counters_off,
      (SELECT coalesce(sum(amount_minor), 0) FROM ledger_entries)::text AS ledger_sum,
      (SELECT coalesce(sum(total_minor), 0) FROM invoices)::text AS invoice_sum,
      (SELECT count(*) FROM (SELECT tenant_id, customer_id, sum(total_minor) AS s FROM invoices GROUP BY 1, 2) i
         FULL JOIN (SELECT tenant_id, customer_id, sum(amount_minor) AS s FROM ledger_entries GROUP BY 1, 2) l USING (tenant_id, customer_id)
        WHERE i.s IS DISTINCT FROM l.s)::text AS customers_ledger_off,
      (SELECT count(*) FROM invoices i LEFT JOIN
         (SELECT tenant_id, invoice_id, sum(net_minor) AS n, sum(tax_minor) AS t, sum(total_minor) AS s FROM invoice_lines GROUP BY 1, 2) l
         ON l.tenant_id = i.tenant_id AND l.invoice_id = i.id
        WHERE l.s IS DISTINCT FROM i.total_minor OR l.n IS DISTINCT FROM i.subtotal_minor OR l.t IS DISTINCT FROM i.tax_minor)::text AS invoices_not_sum_of_lines,
      (SELECT count(*) FROM billing_runs WHERE status <> 'completed')::text AS runs_not_completed,
      (SELECT count(*) FROM invoice_lines WHERE tax_rate_ppm > 0 AND tax_inclusive)::text AS lines_tax_inclusive,
      (SELECT count(*) FROM invoice_lines WHERE tax_rate_ppm > 0 AND NOT tax_inclusive)::text AS lines_tax_exclusive,
      (SELECT count(*) FROM invoice_lines WHERE description LIKE '%days)')::text AS lines_prorated`);
  const r: Record<string, string> = row.rows[0] ?? {};
  const runTotals = await perTenantTotals(client);
  const tenantsDifferingFromBaseline = [...baselineTotals].filter(([id, figures]) => runTotals.get(id) !== figures).length;
  const failures = [
    r.invoices !== String(expectedServices) && `invoices ${r.invoices}, services ${expectedServices}`,
    r.services_without_invoice !== '0' && `${r.services_without_invoice} services without an invoice`,
    r.services_billed_twice !== '0' && `${r.services_billed_twice} services billed twice`,
    r.tenants_with_gaps !== '0' && `${r.tenants_with_gaps} tenants with gaps in their numbers`,
    r.counters_off !== '0' && `${r.counters_off} invoice counters not equal to the invoice count`,
    r.ledger_sum !== r.invoice_sum && `ledger sum ${r.ledger_sum} <> invoice totals ${r.invoice_sum}`,
    r.customers_ledger_off !== '0' && `${r.customers_ledger_off} customers whose ledger differs from their invoices`,
    r.invoices_not_sum_of_lines !== '0' && `${r.invoices_not_sum_of_lines} invoices whose totals are not the sum of their lines`,
    r.runs_not_completed !== '0' && `${r.runs_not_completed} runs not completed`,
    tenantsDifferingFromBaseline > 0 && `${tenantsDifferingFromBaseline} tenants whose count or totals differ from the baseline's SQL arithmetic`,
  ].filter((f): f is string => typeof f === 'string');
  return { counts: r, tenantsDifferingFromBaseline, failures };
}

async function machine(client: pg.ClientBase) {
  const version = await client.query<{ v: string }>(`SELECT version() AS v`);
  const conf = await client.query<{ name: string; setting: string }>(
    `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name IN ('shared_buffers', 'max_wal_size', 'synchronous_commit', 'work_mem', 'wal_level')`,
  );
  return {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    postgres: version.rows[0]?.v ?? '',
    postgresSettings: Object.fromEntries(conf.rows.map((c) => [c.name, c.setting])),
    loadAverage: os.loadavg().map((l) => round(l, 2)),
  };
}

async function main(): Promise<void> {
  const dbName = `lastmile_bench_billing_${randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  let dropped = false;
  const drop = async () => {
    if (dropped || settings.keepDb) return;
    dropped = true;
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  };
  process.once('SIGINT', () => {
    void drop().finally(() => process.exit(130));
  });

  await adminQuery(`CREATE DATABASE ${dbName}`);
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
    const before = await machine(client);
    const migrationPool = new pg.Pool({ connectionString: url.toString(), max: 1 });
    await migrateUp(migrationPool).finally(() => migrationPool.end());
    log(`database ${dbName} migrated; load average ${before.loadAverage.join(' ')}`);

    const seedSeconds = await timed(() => seed(client));
    log(`seeded ${settings.tenants} tenants, ${settings.services.toLocaleString('en')} services in ${seedSeconds.toFixed(1)} s`);
    await client.query('VACUUM (ANALYZE)');
    const tenantIds = (await client.query<{ id: string }>(`SELECT id FROM tenants ORDER BY slug`)).rows.map((r) => r.id);
    const counts = (await client.query<{ services: string; customers: string }>(
      `SELECT (SELECT count(*) FROM services)::text AS services, (SELECT count(*) FROM customers)::text AS customers`,
    )).rows[0];
    if (counts?.services !== String(settings.services)) throw new Error(`seeded ${counts?.services} services, wanted ${settings.services}`);
    log(`VACUUM ANALYZE done; ${counts.customers} customers`);

    const base = await baseline(client);
    log(`baseline: invoices ${base.invoicesSeconds} s + lines ${base.linesSeconds} s + commit ${base.commitSeconds} s = ${base.seconds} s; ledger rows ${base.ledgerSeconds} s more`);
    await resetBilling(client);

    const runs = [];
    for (const concurrency of settings.concurrency) {
      for (const batchSize of settings.batchSize) {
        if (runs.length > 0) await resetBilling(client);
        const loadBefore = os.loadavg()[0] ?? 0;
        log(`run: concurrency ${concurrency}, batch ${batchSize}`);
        const run = await billAllTenants(url.toString(), tenantIds, concurrency, batchSize);
        const checks = await verify(client, settings.services, base.totals);
        const result = { concurrency, batchSize, ...run, ratioToBaseline: round(run.seconds / base.seconds), ratioToBaselineWithLedger: round(run.seconds / base.withLedgerSeconds), loadAverage: [round(loadBefore), round(os.loadavg()[0] ?? 0)], checks };
        runs.push(result);
        log(`  ${run.seconds} s, ${run.servicesPerSecond} services/s, ${result.ratioToBaseline}x baseline (${result.ratioToBaselineWithLedger}x with ledger), peak RSS ${run.peakRssMiB} MiB`);
        log(`  checks: ${checks.failures.length === 0 ? 'all passed' : checks.failures.join('; ')} (${checks.counts.lines_tax_inclusive} inclusive-tax lines, ${checks.counts.lines_tax_exclusive} exclusive, ${checks.counts.lines_prorated} prorated)`);
      }
    }

    const after = await machine(client);
    const summary = {
      date: new Date().toISOString(),
      command: [...['TENANTS', 'SERVICES', 'CONCURRENCY', 'BATCH_SIZE', 'KEEP_DB'].filter((k) => process.env[k]).map((k) => `${k}=${process.env[k]}`), 'node --import tsx bench/billing-run.ts'].join(' '),
      settings,
      database: dbName,
      machine: { ...before, loadAverageAtEnd: after.loadAverage },
      seedSeconds: round(seedSeconds),
      baseline: { ...base, totals: undefined },
      runs,
      vmHwmMiB: round(readVmHwm() / 2 ** 20, 0),
    };
    console.log('\n| concurrency | batch | run s | services/s | baseline s | run/baseline | with ledger | peak RSS MiB | checks |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const r of runs) {
      console.log(`| ${r.concurrency} | ${r.batchSize} | ${r.seconds} | ${r.servicesPerSecond} | ${base.seconds} | ${r.ratioToBaseline} | ${r.ratioToBaselineWithLedger} | ${r.peakRssMiB} | ${r.checks.failures.length === 0 ? 'pass' : 'FAIL'} |`);
    }
    console.log(`\nprocess VmHWM (whole benchmark) ${summary.vmHwmMiB} MiB`);
    const stamp = summary.date.replace(/[:.]/g, '-');
    fs.mkdirSync(path.join(here, 'results'), { recursive: true });
    fs.writeFileSync(path.join(here, 'results', `billing-run-${stamp}.json`), JSON.stringify(summary, null, 2));
    log(`wrote bench/results/billing-run-${stamp}.json${settings.keepDb ? `; kept database ${dbName}` : ''}`);
    if (runs.some((r) => r.checks.failures.length > 0)) process.exitCode = 1;
  } finally {
    await client.end().catch(() => undefined);
    await drop();
  }
}

await main();
