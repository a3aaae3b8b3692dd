/**
 * Customer search at 100,000 subscribers per tenant, on the local PostgreSQL.
 *
 *   npm run bench:search     (node --import tsx bench/customer-search.ts)
 *
 * 1. Creates a fresh database (dropped at the end, also on Ctrl-C) and migrates it.
 * 2. Loads BENCH_TENANTS tenants (default 3: two Philippine ISPs and one Kenyan) with
 *    BENCH_CUSTOMERS subscribers each (default 100,000) in one set-based INSERT per tenant:
 *    Filipino or Kenyan first names and surnames, local phone formats (some typed with
 *    spaces, some without), e-mails, a few businesses; then ANALYZE.
 * 3. Times the real `listCustomers` use case inside `withTenant` (RLS, role switch and all)
 *    for each query kind, BENCH_RUNS times per kind (default 60, after 5 warm-ups), cycling
 *    over the tenants with terms taken from each tenant's own data. The baseline is the same
 *    call in the same run with `enable_bitmapscan` and `enable_indexscan` off for that
 *    transaction, i.e. without the trigram index.
 * 4. Prints a table and writes bench/results/customer-search-<time>.{json,md} with every
 *    figure and the EXPLAIN ANALYZE plans (auto_explain, nested statements included) of each
 *    query kind on tenant 1 (bench/results/ is not committed).
 *
 * Environment: BENCH_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres, must be
 * a superuser), BENCH_TENANTS, BENCH_CUSTOMERS, BENCH_RUNS.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateUp } from '../src/db/migrate.ts';
import { withTenant } from '../src/db/tenancy.ts';
import type { TenantContext } from '../src/modules/context.ts';
import { customerSearchQuery } from '../src/modules/customers/customer-search-repository.ts';
import { listCustomers, readCustomerQuery } from '../src/modules/customers/list-customers.ts';
import { round } from './stats.ts';
import { ADMIN_URL, adminQuery, envInt, timedLog } from './bench-kit.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

const settings = {
  adminUrl: ADMIN_URL,
  tenants: envInt('BENCH_TENANTS', 3),
  customers: envInt('BENCH_CUSTOMERS', 100_000),
  runs: envInt('BENCH_RUNS', 60),
  warmups: 5,
  pageSize: 50,
};

const log = timedLog();

const PH = {
  first: ['Maria', 'Jose', 'Juan', 'Ana', 'Mark', 'Angelica', 'John Paul', 'Kristine', 'Jerome', 'Rowena', 'Ramon', 'Liza', 'Carlo', 'Mylene', 'Reynaldo', 'Jocelyn', 'Arnel', 'Marites', 'Noel', 'Divina', 'Rodel', 'Cherry', 'Jun', 'Lorna', 'Michael', 'Joy', 'Ronaldo', 'Grace', 'Edwin', 'Analyn'],
  last: ['Santos', 'Reyes', 'Cruz', 'Bautista', 'Ocampo', 'Garcia', 'Mendoza', 'Torres', 'Tomas', 'Andrada', 'Castillo', 'Flores', 'Villanueva', 'Ramos', 'Castro', 'Rivera', 'Aquino', 'Navarro', 'Salazar', 'Mercado', 'Dela Cruz', 'De Leon', 'Gonzales', 'Lopez', 'Manalo', 'Pascual', 'Soriano', 'Dizon', 'Aguilar', 'Macaraeg'],
  domains: ['gmail.com', 'yahoo.com', 'globe.com.ph', 'smart.com.ph', 'outlook.com'],
  business: ['Sari-Sari Store', 'Trading', 'Internet Cafe', 'Bakery', 'Hardware', 'Pharmacy'],
  // 0917 123 4567
  phone: (a: string, b: string, c: string) => `'09' || lpad((10 + ${a} % 90)::text, 2, '0') || ' ' || lpad((${b} % 1000)::text, 3, '0') || ' ' || lpad((${c} % 10000)::text, 4, '0')`,
  currency: 'PHP',
  timeZone: 'Asia/Manila',
};
const KE = {
  first: ['Wanjiku', 'Kamau', 'Achieng', 'Otieno', 'Njeri', 'Kipchoge', 'Wambui', 'Mwangi', 'Akinyi', 'Ochieng', 'Chebet', 'Kiprono', 'Nyambura', 'Omondi', 'Wairimu', 'Mutua', 'Atieno', 'Kibet', 'Moraa', 'Onyango', 'Faith', 'Brian', 'Mercy', 'Kevin', 'Purity', 'Dennis', 'Esther', 'Collins', 'Caroline', 'Victor'],
  last: ['Mwangi', 'Otieno', 'Kamau', 'Ochieng', 'Kariuki', 'Njoroge', 'Wanjala', 'Kiprotich', 'Mutai', 'Odhiambo', 'Wafula', 'Kimani', 'Chege', 'Maina', 'Omondi', 'Kiplagat', 'Nyongesa', 'Barasa', 'Rotich', 'Muthoni', 'Ndungu', 'Onyango', 'Koech', 'Gitau', 'Langat', 'Owino', 'Wekesa', 'Korir', 'Macharia', 'Juma'],
  domains: ['gmail.com', 'yahoo.com', 'safaricom.co.ke', 'outlook.com', 'africaonline.co.ke'],
  business: ['Enterprises', 'Supermarket', 'Cyber', 'Hardware', 'Chemist', 'Butchery'],
  // +254 722 123 456
  phone: (a: string, b: string, c: string) => `'+254 7' || lpad((${a} % 100)::text, 2, '0') || ' ' || lpad((${b} % 1000)::text, 3, '0') || ' ' || lpad((${c} % 1000)::text, 3, '0')`,
  currency: 'KES',
  timeZone: 'Africa/Nairobi',
};
type Country = typeof PH;

/** One INSERT ... SELECT per tenant. random() after setseed() makes the data the same every run. */
async function loadCustomers(client: pg.ClientBase, tenantId: string, country: Country, count: number, seed: number): Promise<void> {
  await client.query('SELECT setseed($1)', [seed]);
  await client.query(
    `INSERT INTO customers (tenant_id, account_number, first_name, last_name, company_name, email, phone, alt_phone, service_address, status, created_at, updated_at, status_changed_at)
     SELECT $1, 'ACC-' || lpad(r.g::text, 6, '0'),
            r.fn, r.ln,
            CASE WHEN r.biz THEN r.ln || ' ' || ($4::text[])[1 + r.c % array_length($4::text[], 1)] ELSE '' END,
            CASE WHEN r.d % 10 < 7 THEN lower(replace(r.fn, ' ', '') || '.' || replace(r.ln, ' ', '')) || r.g || '@' || ($5::text[])[1 + r.d % array_length($5::text[], 1)] END,
            -- One in three typed without spaces, as people do.
            CASE WHEN r.g % 3 = 0 THEN replace(${country.phone('r.a', 'r.b', 'r.c')}, ' ', '') ELSE ${country.phone('r.a', 'r.b', 'r.c')} END,
            CASE WHEN r.g % 5 = 0 THEN ${country.phone('r.d', 'r.c', 'r.b')} ELSE '' END,
            'Lot ' || (1 + r.a % 40) || ' Block ' || (1 + r.b % 25),
            (ARRAY['active', 'active', 'active', 'active', 'active', 'active', 'lead', 'suspended', 'disconnected', 'terminated'])[1 + r.d % 10],
            now() - make_interval(mins => r.g), now() - make_interval(mins => r.g), now() - make_interval(mins => r.g)
     FROM (
       SELECT g,
              ($2::text[])[1 + floor(random() * array_length($2::text[], 1))::int] AS fn,
              ($3::text[])[1 + floor(random() * array_length($3::text[], 1))::int] AS ln,
              random() < 0.05 AS biz,
              floor(random() * 1000000)::int AS a,
              floor(random() * 1000000)::int AS b,
              floor(random() * 1000000)::int AS c,
              floor(random() * 1000000)::int AS d
       FROM generate_series(1, $6::int) AS g
     ) r`,
    [tenantId, country.first, country.last, country.business, country.domains, count],
  );
  await client.query(`INSERT INTO tenant_counters (tenant_id, name, last_value) VALUES ($1, 'customer_account', $2)`, [tenantId, count]);
}

interface QueryKind {
  kind: string;
  /** The search text for a tenant, from its own data. */
  q: (sample: TenantSample) => string;
}

interface TenantSample {
  id: string;
  country: 'PH' | 'KE';
  accountNumber: string;
  phoneDigits: string;
  emailPart: string;
  surname: string;
  nameFragment: string;
}

const KINDS: QueryKind[] = [
  { kind: 'name fragment', q: (s) => s.nameFragment },
  { kind: 'surname', q: (s) => s.surname },
  { kind: 'account number', q: (s) => s.accountNumber },
  { kind: 'phone digits (7)', q: (s) => s.phoneDigits },
  { kind: 'e-mail part', q: (s) => s.emailPart },
  { kind: '2-letter query', q: (s) => (s.country === 'PH' ? 'ma' : 'wa') },
  { kind: 'no match', q: () => 'zzqxv' },
];

async function sampleTenant(client: pg.ClientBase, id: string, country: 'PH' | 'KE', offset: number): Promise<TenantSample> {
  const row = await client.query<{ account_number: string; phone: string; email: string; last_name: string }>(
    `SELECT account_number, phone, email, last_name FROM customers WHERE tenant_id = $1 AND email IS NOT NULL ORDER BY account_number OFFSET $2 LIMIT 1`,
    [id, offset],
  );
  const r = row.rows[0];
  if (!r) throw new Error('no sample row');
  const digits = r.phone.replace(/\D/g, '');
  return {
    id,
    country,
    accountNumber: r.account_number,
    phoneDigits: digits.slice(-7),
    // "villanueva4321" from "maria.villanueva4321@gmail.com": unique-ish, as someone would type it.
    emailPart: (r.email.split('@')[0] ?? '').split('.').pop() ?? '',
    surname: r.last_name.toLowerCase(),
    nameFragment: country === 'PH' ? 'rowen' : 'nyamb',
  };
}

function percentiles(ms: number[]): { p50: number; p95: number; p99: number; mean: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), mean: round(sorted.reduce((s, v) => s + v, 0) / sorted.length), max: round(sorted[sorted.length - 1] ?? 0) };
}

function benchContext(tenantId: string, trx: TenantContext['trx']): TenantContext {
  return { tenantId, trx, now: () => new Date(), actor: { type: 'system', id: null, label: 'bench', isOwner: false, permissions: new Set(['customers.read']) } };
}

async function timeSearch(db: Database, sample: TenantSample, q: string, withoutIndex: boolean): Promise<{ ms: number; rows: number }> {
  const start = performance.now();
  const page = await withTenant(db, sample.id, async (trx) => {
    if (withoutIndex) await sql`select set_config('enable_bitmapscan', 'off', true), set_config('enable_indexscan', 'off', true)`.execute(trx);
    return listCustomers(benchContext(sample.id, trx), { q, limit: settings.pageSize });
  });
  return { ms: performance.now() - start, rows: page.items.length };
}

/**
 * EXPLAIN ANALYZE of the app's own statement for one search, run as lastmile_app in a tenant
 * transaction like withTenant. The statement inside customer_search_ids() is a nested one
 * that plain EXPLAIN hides, so auto_explain reports every statement (as NOTICEs) instead.
 */
async function explain(db: Database, adminUrl: string, sample: TenantSample, q: string, withoutIndex: boolean): Promise<string> {
  const query = readCustomerQuery({ q });
  const compiled = await withTenant(db, sample.id, async (trx) =>
    customerSearchQuery(trx, sample.id, query.filter, { sort: query.sort, dir: query.dir, limit: settings.pageSize + 1 }).compile(),
  );
  const client = new pg.Client({ connectionString: adminUrl });
  const plans: string[] = [];
  client.on('notice', (n) => plans.push(n.message ?? ''));
  await client.connect();
  try {
    await client.query(`LOAD 'auto_explain'`);
    for (const setting of ['log_min_duration = 0', 'log_nested_statements = on', 'log_analyze = on', 'log_buffers = on', 'log_level = notice']) {
      await client.query(`SET auto_explain.${setting}`);
    }
    await client.query('BEGIN');
    await client.query(`SELECT set_config('role', 'lastmile_app', true), set_config('app.tenant_id', $1, true)`, [sample.id]);
    if (withoutIndex) await client.query(`SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_indexscan', 'off', true)`);
    await client.query(compiled.sql, [...compiled.parameters]);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return plans.join('\n\n');
}

async function main(): Promise<void> {
  const dbName = `lastmile_bench_search_${randomBytes(4).toString('hex')}`;
  const url = new URL(settings.adminUrl);
  url.pathname = `/${dbName}`;
  let db: Database | undefined;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await db?.close().catch(() => undefined);
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  };
  process.once('SIGINT', () => {
    void drop().finally(() => process.exit(130));
  });

  await adminQuery(`CREATE DATABASE ${dbName}`);
  try {
    db = await openDatabase({ url: url.toString(), poolMax: 4 });
    await migrateUp(db.pool);
    log(`database ${dbName} migrated`);

    const client = await db.pool.connect();
    const samples: TenantSample[] = [];
    try {
      for (let i = 0; i < settings.tenants; i++) {
        const country = i % 3 === 1 ? 'KE' : 'PH';
        const c = country === 'PH' ? PH : KE;
        const t = await client.query<{ id: string }>(`INSERT INTO tenants (slug, name) VALUES ($1, $2) RETURNING id`, [`search-isp-${i + 1}`, `Search ISP ${i + 1}`]);
        const id = t.rows[0]?.id;
        if (!id) throw new Error('tenant insert returned nothing');
        await client.query(`INSERT INTO tenant_settings (tenant_id, currency, time_zone) VALUES ($1, $2, $3)`, [id, c.currency, c.timeZone]);
        const started = performance.now();
        await loadCustomers(client, id, c, settings.customers, 0.1 + i / 10);
        log(`tenant ${i + 1} (${country}): ${settings.customers.toLocaleString('en')} customers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        samples.push(await sampleTenant(client, id, country, Math.floor(settings.customers / 3) + i * 17));
      }
      await client.query('ANALYZE');
      const size = await client.query<{ table: string; indexes: string }>(
        `SELECT pg_size_pretty(pg_table_size('customers')) AS "table", pg_size_pretty(pg_relation_size('customers_search')) AS indexes`,
      );
      log(`ANALYZE done; customers table ${size.rows[0]?.table}, customers_search index ${size.rows[0]?.indexes}`);
    } finally {
      client.release();
    }

    const results: { kind: string; terms: string[]; matches: number[]; indexed: ReturnType<typeof percentiles>; noIndex: ReturnType<typeof percentiles> }[] = [];
    const plans: Record<string, { indexed: string; noIndex: string }> = {};
    for (const k of KINDS) {
      const terms = samples.map((s) => k.q(s));
      const matches = samples.map(() => 0);
      const indexed: number[] = [];
      const noIndex: number[] = [];
      for (let i = 0; i < settings.warmups; i++) {
        for (const [n, s] of samples.entries()) {
          await timeSearch(db, s, terms[n] ?? '', false);
          await timeSearch(db, s, terms[n] ?? '', true);
        }
      }
      // Interleaved, so both variants see the same cache and machine state.
      for (let i = 0; i < settings.runs; i++) {
        const n = i % samples.length;
        const s = samples[n];
        if (!s) continue;
        const a = await timeSearch(db, s, terms[n] ?? '', false);
        const b = await timeSearch(db, s, terms[n] ?? '', true);
        if (a.rows !== b.rows) throw new Error(`${k.kind}: ${a.rows} rows with the index, ${b.rows} without`);
        matches[n] = a.rows;
        indexed.push(a.ms);
        noIndex.push(b.ms);
      }
      const first = samples[0];
      if (first) plans[k.kind] = { indexed: await explain(db, url.toString(), first, terms[0] ?? '', false), noIndex: await explain(db, url.toString(), first, terms[0] ?? '', true) };
      results.push({ kind: k.kind, terms, matches, indexed: percentiles(indexed), noIndex: percentiles(noIndex) });
      const r = results[results.length - 1];
      log(`${k.kind.padEnd(18)} p50 ${r?.indexed.p50} ms, p95 ${r?.indexed.p95}, p99 ${r?.indexed.p99} | without index p50 ${r?.noIndex.p50} ms`);
    }

    const header = `| query kind | terms (tenant 1 / 2 / 3) | rows on page | p50 ms | p95 ms | p99 ms | without index: p50 ms | p95 ms | p99 ms |`;
    const table = [
      header,
      '|---|---|---|---:|---:|---:|---:|---:|---:|',
      ...results.map(
        (r) =>
          `| ${r.kind} | ${r.terms.map((t) => `\`${t}\``).join(' / ')} | ${r.matches.join(' / ')} | ${r.indexed.p50} | ${r.indexed.p95} | ${r.indexed.p99} | ${r.noIndex.p50} | ${r.noIndex.p95} | ${r.noIndex.p99} |`,
      ),
    ].join('\n');
    console.log(`\n${table}\n`);
    for (const [kind, p] of Object.entries(plans)) {
      const usesIndex = p.indexed.includes('customers_search');
      console.log(`${kind}: ${usesIndex ? 'uses customers_search' : 'does NOT use customers_search'}`);
    }

    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const outDir = path.join(here, 'results');
    fs.mkdirSync(outDir, { recursive: true });
    const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', memoryGb: round(os.totalmem() / 2 ** 30, 1), node: process.version };
    fs.writeFileSync(path.join(outDir, `customer-search-${stamp}.json`), JSON.stringify({ settings, machine, samples, results, plans }, null, 2));
    const md = [`# Customer search ${new Date().toISOString()}`, '', table, '', ...Object.entries(plans).flatMap(([k, p]) => [`## ${k}`, '', '```', p.indexed, '```', '', 'Without the index:', '', '```', p.noIndex, '```', ''])].join('\n');
    fs.writeFileSync(path.join(outDir, `customer-search-${stamp}.md`), md);
    log(`wrote bench/results/customer-search-${stamp}.{json,md}`);
  } finally {
    await drop();
  }
}

await main();
