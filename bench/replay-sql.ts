/**
 * The RLS overhead measurement. First the SQL each endpoint really runs is captured: the real
 * app is built in this process on a Kysely instance that records every statement with its
 * parameters, and each endpoint is called once per tenant (after a warm-up call, so the
 * once-a-minute API key last_used_at write is not part of the steady state). Then the same
 * transactions are replayed straight through pg (the API key lookup is one transaction and
 * the users list a second, as in the app), four ways:
 *
 *   rls        per transaction: BEGIN; SET LOCAL ROLE lastmile_app + app.tenant_id (exactly
 *              what withTenant does); its statements; COMMIT. Row Level Security applies.
 *   platform   the same, but SET LOCAL ROLE lastmile_platform (BYPASSRLS): the same role
 *              switch and round trips with the policies skipped.
 *   superuser  the same transaction and round trips as the superuser, no role switch (only
 *              app.tenant_id is set, which changes nothing): RLS does not apply.
 *   plain      the statements alone as the superuser, no transaction: what an application
 *              without database-enforced tenancy would send.
 *
 * The statements filter tenant_id themselves, so every variant runs the same predicates.
 * rls/platform is the cost of the policies alone, rls/superuser that of the policies and the
 * role switch, rls/plain the whole tenancy wrapper (transactions, settings, policies).
 * Before timing, every tenant's statements are run as rls and superuser and must return
 * identical rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/database.ts';
import type { DB } from '../src/db/schema.ts';
import { createMailer } from '../src/modules/mail/mailer.ts';
import type { BenchTenant } from './load-tenants.ts';
import { summarise, type Summary } from './stats.ts';

export interface Statement {
  sql: string;
  parameters: unknown[];
}

/** One endpoint's statements for one tenant, grouped by the transaction they ran in. */
export interface Captured {
  tenantId: string;
  transactions: Statement[][];
  statements: Statement[];
}

const BEGIN = /^\s*(begin|start transaction)\b/i;
const END = /^\s*(commit|rollback)\b/i;
const TENANT_SETTINGS = /set_config\(/i;

function groupByTransaction(recorded: Statement[]): Statement[][] {
  const groups: Statement[][] = [];
  let current: Statement[] | undefined;
  for (const s of recorded) {
    if (BEGIN.test(s.sql)) current = [];
    else if (END.test(s.sql)) {
      if (current && current.length > 0) groups.push(current);
      current = undefined;
    } else if (!TENANT_SETTINGS.test(s.sql)) {
      if (current) current.push(s);
      else groups.push([s]);
    }
  }
  return groups;
}

export async function captureEndpointSql(url: string, tenants: BenchTenant[], paths: string[]): Promise<Map<string, Captured[]>> {
  const recorded: Statement[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const kysely = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') recorded.push({ sql: event.query.sql, parameters: [...event.query.parameters] });
    },
  });
  const db: Database = { kysely, pool, embedded: false, dumpEmbedded: undefined, close: () => kysely.destroy() };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-bench-capture-'));
  const app = await buildApp({
    config: { ...loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir }), dataDir },
    db,
    mailer: createMailer({ smtpUrl: undefined, from: 'bench@localhost', dataDir }),
    logger: false,
  });
  const byPath = new Map<string, Captured[]>();
  try {
    for (const endpoint of paths) {
      const list: Captured[] = [];
      for (const tenant of tenants) {
        const headers = { authorization: `Bearer ${tenant.apiKey}` };
        const warm = await app.inject({ method: 'GET', url: endpoint, headers });
        if (warm.statusCode !== 200) throw new Error(`GET ${endpoint} answered ${warm.statusCode}: ${warm.body.slice(0, 300)}`);
        recorded.length = 0;
        await app.inject({ method: 'GET', url: endpoint, headers });
        const transactions = groupByTransaction(recorded);
        const statements = transactions.flat();
        const writes = statements.filter((s) => !/^\s*select\b/i.test(s.sql));
        if (writes.length > 0) throw new Error(`GET ${endpoint} wrote in its steady state: ${writes[0]?.sql}`);
        list.push({ tenantId: tenant.id, transactions, statements });
      }
      byPath.set(endpoint, list);
    }
  } finally {
    await app.close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return byPath;
}

export type Variant = 'rls' | 'platform' | 'superuser' | 'plain';
export const VARIANTS: Variant[] = ['rls', 'platform', 'superuser', 'plain'];

async function runOnce(client: pg.Client, variant: Variant, work: Captured): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for (const transaction of work.transactions) {
    if (variant !== 'plain') await client.query('BEGIN');
    try {
      if (variant === 'rls' || variant === 'platform') {
        const role = variant === 'rls' ? 'lastmile_app' : 'lastmile_platform';
        await client.query(`select set_config('role', $1, true), set_config('app.tenant_id', $2, true)`, [role, work.tenantId]);
      } else if (variant === 'superuser') {
        await client.query(`select set_config('app.tenant_id', $1, true)`, [work.tenantId]);
      }
      for (const s of transaction) rows.push((await client.query(s.sql, s.parameters)).rows);
      if (variant !== 'plain') await client.query('COMMIT');
    } catch (err) {
      if (variant !== 'plain') await client.query('ROLLBACK');
      throw err;
    }
  }
  return rows;
}

/** Proves the variants are comparable: same statements, same rows, with and without RLS. */
export async function verifySameRows(url: string, work: Captured[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const w of work) {
      const withRls = JSON.stringify(await runOnce(client, 'rls', w));
      const without = JSON.stringify(await runOnce(client, 'superuser', w));
      if (withRls !== without) throw new Error(`tenant ${w.tenantId}: rows differ with and without RLS`);
      if (withRls === '[]' || withRls === '[[]]') throw new Error(`tenant ${w.tenantId}: the captured statements returned nothing`);
    }
  } finally {
    await client.end();
  }
}

/** EXPLAIN ANALYZE of each statement with and without RLS, for the write-up. */
export async function explainPlans(url: string, work: Captured): Promise<{ rls: string[]; superuser: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const explain = async (variant: 'rls' | 'superuser') => {
    const plans: string[] = [];
    await client.query('BEGIN');
    try {
      if (variant === 'rls') {
        await client.query(`select set_config('role', 'lastmile_app', true), set_config('app.tenant_id', $1, true)`, [work.tenantId]);
      }
      for (const s of work.statements) {
        const result = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${s.sql}`, s.parameters);
        plans.push(result.rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
    } finally {
      await client.query('ROLLBACK');
    }
    return plans;
  };
  try {
    return { rls: await explain('rls'), superuser: await explain('superuser') };
  } finally {
    await client.end();
  }
}

/**
 * Runs `variant` on `concurrency` connections for `seconds`, cycling through the tenants,
 * and returns the per-transaction latency summary.
 */
export async function timeVariant(url: string, variant: Variant, work: Captured[], concurrency: number, seconds: number): Promise<number[]> {
  const clients = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  try {
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) {
          const w = work[next++ % work.length];
          if (!w) throw new Error('no captured work');
          const started = performance.now();
          await runOnce(client, variant, w);
          latencies.push(performance.now() - started);
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  return latencies;
}

/** Interleaves the variants over `rounds` so drift in machine load hits each one alike. */
export async function measureOverhead(
  url: string,
  work: Captured[],
  options: { concurrency: number; secondsPerRound: number; rounds: number },
): Promise<Record<Variant, Summary>> {
  const latencies: Record<Variant, number[]> = { rls: [], platform: [], superuser: [], plain: [] };
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
    for (const variant of order) {
      const measured = await timeVariant(url, variant, work, options.concurrency, options.secondsPerRound);
      latencies[variant] = latencies[variant].concat(measured);
    }
  }
  const seconds = options.secondsPerRound * options.rounds;
  return {
    rls: summarise(latencies.rls, seconds),
    platform: summarise(latencies.platform, seconds),
    superuser: summarise(latencies.superuser, seconds),
    plain: summarise(latencies.plain, seconds),
  };
}
