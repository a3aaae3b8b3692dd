/**
 * API throughput and the cost of Row Level Security, on the local PostgreSQL.
 *
 *   npm run bench:api        (node --import tsx bench/api-rls.ts)
 *
 * 1. Creates a fresh database (dropped at the end, also on Ctrl-C), migrates it and loads
 *    100 tenants with 10,000 staff each (bench/load-tenants.ts).
 * 2. Starts the real app in a child process (bench/server.ts, pool of 10) and loads
 *    GET /api/v1/me and GET /api/v1/users?limit=50 with autocannon, every request using the
 *    next tenant's API key.
 * 3. Replays the SQL those endpoints run with and without RLS, four ways (bench/replay-sql.ts).
 * 4. Reads the server's peak RSS (VmHWM) and writes bench/results/api-rls-<time>.{json,md}.
 *
 * Environment: BENCH_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres, must be a
 * superuser), BENCH_TENANTS (100), BENCH_USERS (10000 per tenant), BENCH_DURATION (seconds
 * per HTTP run, 15), BENCH_CONNECTIONS (32), BENCH_SQL_SECONDS (seconds per SQL round, 4),
 * BENCH_SQL_ROUNDS (3).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { migrateUp } from '../src/db/migrate.ts';
import { loadTenants, type BenchTenant } from './load-tenants.ts';
import { VARIANTS, captureEndpointSql, explainPlans, measureOverhead, verifySameRows, type Variant } from './replay-sql.ts';
import { round, type Summary } from './stats.ts';
import { ADMIN_URL, adminQuery, envInt, timedLog } from './bench-kit.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

const settings = {
  adminUrl: ADMIN_URL,
  tenants: envInt('BENCH_TENANTS', 100),
  usersPerTenant: envInt('BENCH_USERS', 10_000),
  httpSeconds: envInt('BENCH_DURATION', 15),
  connections: envInt('BENCH_CONNECTIONS', 32),
  sqlSeconds: envInt('BENCH_SQL_SECONDS', 4),
  sqlRounds: envInt('BENCH_SQL_ROUNDS', 3),
  sqlConcurrency: 10,
};

const ENDPOINTS = ['/api/v1/me', '/api/v1/users?limit=50'];
const log = timedLog();

function readProcStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match?.[1] ? Number(match[1]) * 1024 : 0;
}

async function startServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(here, 'server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_SERVER_DATABASE_URL: url, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  return { child, port };
}

async function checkEndpoints(port: number, tenant: BenchTenant): Promise<void> {
  const headers = { authorization: `Bearer ${tenant.apiKey}` };
  const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers });
  const meBody = (await me.json()) as { tenant?: { id?: string } };
  if (me.status !== 200 || meBody.tenant?.id !== tenant.id) throw new Error(`/api/v1/me answered ${me.status}: ${JSON.stringify(meBody)}`);
  const list = await fetch(`http://127.0.0.1:${port}/api/v1/users?limit=50`, { headers });
  const listBody = (await list.json()) as { items?: unknown[]; nextCursor?: unknown };
  if (list.status !== 200 || listBody.items?.length !== 50 || typeof listBody.nextCursor !== 'string') {
    throw new Error(`/api/v1/users?limit=50 answered ${list.status}: ${JSON.stringify(listBody).slice(0, 300)}`);
  }
}

interface HttpFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

async function loadEndpoint(port: number, endpoint: string, tenants: BenchTenant[], seconds: number): Promise<HttpFigures> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: settings.connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        path: endpoint,
        // Each request authenticates as the next tenant, so the run crosses every tenant.
        setupRequest: (request) => {
          const tenant = tenants[next++ % tenants.length];
          return { ...request, headers: { ...request.headers, authorization: `Bearer ${tenant?.apiKey ?? ''}` } };
        },
      },
    ],
  });
  return {
    requestsPerSecond: round(result.requests.average, 0),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

let loadAtStart: number[] = [];

async function machine() {
  const client = new pg.Client({ connectionString: settings.adminUrl });
  await client.connect();
  const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?';
  await client.end();
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: version,
    // Other work on the machine skews every figure; the 1-minute load average says how much.
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)),
  };
}

async function main(): Promise<void> {
  const name = `lastmile_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = new URL(settings.adminUrl);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  let server: ChildProcess | undefined;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    server?.kill('SIGTERM');
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    log(`dropped database ${name}`);
  };
  process.once('SIGINT', () => void drop().finally(() => process.exit(130)));

  loadAtStart = os.loadavg().map((l) => round(l, 2));
  log(`creating database ${name} (load average ${loadAtStart.join(' ')})`);
  await adminQuery(`CREATE DATABASE ${name}`);
  try {
    const pool = new pg.Pool({ connectionString: dbUrl, max: 1 });
    await migrateUp(pool);
    log(`migrated; loading ${settings.tenants} tenants x ${settings.usersPerTenant} users`);
    const loadStart = performance.now();
    const client = await pool.connect();
    const tenants = await loadTenants(client, settings.tenants, settings.usersPerTenant);
    const counts = (await client.query<{ users: string; size: string }>(`SELECT count(*) AS users, pg_size_pretty(pg_database_size(current_database())) AS size FROM users`)).rows[0];
    client.release();
    await pool.end();
    const loadSeconds = round((performance.now() - loadStart) / 1000, 1);
    log(`loaded ${counts?.users} users in ${loadSeconds}s (database ${counts?.size})`);

    log('capturing the SQL each endpoint runs');
    const captured = await captureEndpointSql(dbUrl, tenants, ENDPOINTS);

    const serverProcess = await startServer(dbUrl);
    server = serverProcess.child;
    const pid = serverProcess.child.pid ?? 0;
    await checkEndpoints(serverProcess.port, tenants[0] as BenchTenant);
    const idleRss = readProcStatus(pid, 'VmRSS');
    let peakSampledRss = idleRss;
    const sampler = setInterval(() => (peakSampledRss = Math.max(peakSampledRss, readProcStatus(pid, 'VmRSS'))), 200);

    const http: Record<string, HttpFigures> = {};
    for (const endpoint of ENDPOINTS) {
      log(`HTTP ${endpoint}: 3s warm-up, then ${settings.httpSeconds}s with ${settings.connections} connections`);
      await loadEndpoint(serverProcess.port, endpoint, tenants, 3);
      const figures = await loadEndpoint(serverProcess.port, endpoint, tenants, settings.httpSeconds);
      if (figures.non2xx > 0 || figures.errors > 0) throw new Error(`${endpoint}: ${figures.non2xx} non-2xx responses, ${figures.errors} errors`);
      http[endpoint] = figures;
      log(`  ${figures.requestsPerSecond} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms`);
    }
    clearInterval(sampler);
    const peakRss = readProcStatus(pid, 'VmHWM');
    server.kill('SIGTERM');
    server = undefined;

    const sql: Record<string, { transactions: string[][]; plans: { rls: string[]; superuser: string[] } | undefined; figures: Record<Variant, Summary>; ratioToPlatform: number; ratioToSuperuser: number; ratioToPlain: number }> = {};
    for (const endpoint of ENDPOINTS) {
      const work = captured.get(endpoint) ?? [];
      await verifySameRows(dbUrl, work);
      const plans = work[0] ? await explainPlans(dbUrl, work[0]) : undefined;
      log(`SQL ${endpoint}: ${VARIANTS.join(' / ')}, ${settings.sqlRounds} rounds of ${settings.sqlSeconds}s, ${settings.sqlConcurrency} connections`);
      const figures = await measureOverhead(dbUrl, work, {
        concurrency: settings.sqlConcurrency,
        secondsPerRound: settings.sqlSeconds,
        rounds: settings.sqlRounds,
      });
      const ratioToPlatform = round(figures.rls.meanMs / figures.platform.meanMs, 3);
      const ratioToSuperuser = round(figures.rls.meanMs / figures.superuser.meanMs, 3);
      const ratioToPlain = round(figures.rls.meanMs / figures.plain.meanMs, 3);
      sql[endpoint] = { transactions: work[0]?.transactions.map((t) => t.map((s) => s.sql)) ?? [], plans, figures, ratioToPlatform, ratioToSuperuser, ratioToPlain };
      for (const v of VARIANTS) {
        log(`  ${v.padEnd(9)} ${round(figures[v].perSecond, 0)} runs/s, mean ${round(figures[v].meanMs)} ms, p50 ${round(figures[v].p50Ms)} ms, p99 ${round(figures[v].p99Ms)} ms`);
      }
      log(`  mean latency ratio rls/platform ${ratioToPlatform}, rls/superuser ${ratioToSuperuser}, rls/plain ${ratioToPlain}`);
    }

    const results = {
      date: new Date().toISOString(),
      command: 'npm run bench:api',
      settings: { ...settings, adminUrl: undefined },
      machine: await machine(),
      data: { tenants: settings.tenants, users: Number(counts?.users), databaseSize: counts?.size, loadSeconds },
      http,
      server: { idleRssMiB: round(idleRss / 2 ** 20, 1), peakSampledRssMiB: round(peakSampledRss / 2 ** 20, 1), peakRssMiB: round(peakRss / 2 ** 20, 1) },
      sql,
    };
    const outDir = path.join(here, 'results');
    fs.mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `api-rls-${results.date.replace(/[:.]/g, '-')}`);
    fs.writeFileSync(`${file}.json`, JSON.stringify(results, null, 2));
    fs.writeFileSync(`${file}.md`, markdown(results));
    console.log(`\n${markdown(results)}`);
    log(`results written to ${path.relative(process.cwd(), file)}.{json,md}`);
  } finally {
    await drop();
  }
}

function markdown(r: {
  http: Record<string, HttpFigures>;
  sql: Record<string, { figures: Record<Variant, Summary>; ratioToPlatform: number; ratioToSuperuser: number; ratioToPlain: number }>;
  server: { idleRssMiB: number; peakRssMiB: number };
}): string {
  const lines = [
    '| endpoint | requests/s | p50 ms | p99 ms | requests |',
    '|---|---:|---:|---:|---:|',
    ...Object.entries(r.http).map(([e, f]) => `| \`GET ${e}\` | ${f.requestsPerSecond} | ${f.p50Ms} | ${f.p99Ms} | ${f.requests} |`),
    '',
    '| endpoint SQL | variant | runs/s | mean ms | p50 ms | p99 ms |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const [e, s] of Object.entries(r.sql)) {
    for (const v of VARIANTS) {
      const f = s.figures[v];
      lines.push(`| \`${e}\` | ${v} | ${round(f.perSecond, 0)} | ${round(f.meanMs)} | ${round(f.p50Ms)} | ${round(f.p99Ms)} |`);
    }
  }
  lines.push('', '| endpoint SQL | mean latency rls / platform | rls / superuser | rls / plain |', '|---|---:|---:|---:|');
  for (const [e, s] of Object.entries(r.sql)) lines.push(`| \`${e}\` | ${s.ratioToPlatform} | ${s.ratioToSuperuser} | ${s.ratioToPlain} |`);
  lines.push('', `Server RSS: ${r.server.idleRssMiB} MiB idle after start, peak (VmHWM) ${r.server.peakRssMiB} MiB.`);
  return lines.join('\n') + '\n';
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
