/**
 * The real `lastmile serve` process as an operator runs it: started through bin/lastmile.js on
 * a free port and a database of its own (a temp DATA_DIR, or a fresh PostgreSQL database when
 * TEST_DATABASE_URL is set), probed over HTTP, then stopped with SIGTERM. Also the start-up
 * failures an operator meets first (bad config, unknown command) and /readyz without a database.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createMailer } from '../../src/modules/mail/mailer.ts';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../helpers/database.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START_TIMEOUT_MS = 45_000;
const STOP_TIMEOUT_MS = 10_000;

/** A port nobody listens on right now: bind :0, read the port, release it. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The environment of a lastmile process: nothing inherited that points at another database. */
function lastmileEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'SMTP_URL', 'PUBLIC_URL', 'LOG_SQL', 'LASTMILE_DEBUG']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

interface Served {
  child: ChildProcess;
  stdoutLines: string[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startServe(env: NodeJS.ProcessEnv): Served {
  const child = spawn(process.execPath, ['bin/lastmile.js', 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdoutLines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    stdoutLines.push(...parts.filter((l) => l.trim() !== ''));
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // 'close', not 'exit': 'exit' can come before the last stdout lines have been read.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return { child, stdoutLines, stderr: () => stderr, exited };
}

/** Resolves once a stdout line matches; fails on exit or after timeoutMs (no fixed sleeps). */
async function waitForLine(served: Served, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void served.exited.then(() => (exited = true));
  for (;;) {
    const line = served.stdoutLines.find((l) => pattern.test(l));
    if (line) return line;
    if (exited) throw new Error(`lastmile serve exited before printing ${pattern}; stderr: ${served.stderr()}`);
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout so far:\n${served.stdoutLines.join('\n')}`);
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        served.child.stdout?.off('data', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, deadline - Date.now()) + 1);
      served.child.stdout?.on('data', done);
      void served.exited.then(done);
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function parseJsonLines(lines: string[]): Record<string, unknown>[] {
  return lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      assert.fail(`stdout line is not JSON: ${line}`);
    }
  });
}

// The two human lines serve prints for whoever started it; everything else on stdout is pino.
const HUMAN_LINES = [/^Lastmile is running at /, /^No SMTP_URL set: /];

describe('lastmile serve (the real process)', () => {
  let dataDir: string;
  let pgDb: TestDatabase | undefined;
  let served: Served | undefined;
  let base = '';

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-serve-'));
    if (onRealPostgres) pgDb = await createTestDatabase({ poolMax: 1 });
    const port = await freePort();
    served = startServe(
      lastmileEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...(pgDb?.url ? { DATABASE_URL: pgDb.url } : {}) }),
    );
    const line = await waitForLine(served, /Lastmile is running at /, START_TIMEOUT_MS);
    assert.match(line, new RegExp(`http://localhost:${port}\\b`), 'the printed URL names the chosen port');
    base = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    if (served && served.child.exitCode === null && served.child.signalCode === null) {
      served.child.kill('SIGKILL');
      await served.exited;
    }
    await pgDb?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz and /readyz with 200', async () => {
    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready' });
  });

  it('sends security headers on a page', async () => {
    const res = await fetch(`${base}/login`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
    assert.equal(scriptSrc, "script-src 'self'", `CSP allows scripts from the app only: ${csp}`);
    const framing = /frame-ancestors 'none'/.test(csp) || /^(deny|sameorigin)$/i.test(res.headers.get('x-frame-options') ?? '');
    assert.ok(framing, 'the page cannot be framed by another site');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(res.headers.get('referrer-policy'), 'a referrer policy is set');
  });

  it('echoes a valid x-request-id, replaces an invalid one, and generates one otherwise', async () => {
    const echoed = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'ops-probe-42' } });
    assert.equal(echoed.headers.get('x-request-id'), 'ops-probe-42');
    const invalid = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } });
    assert.match(invalid.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const generated = await fetch(`${base}/healthz`);
    const id = generated.headers.get('x-request-id') ?? '';
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.notEqual(id, invalid.headers.get('x-request-id'), 'each request gets its own id');
  });

  it('logs JSON lines (pino) that carry the request id', async () => {
    await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'ops-log-7' } });
    assert.ok(served);
    await waitForLine(served, /"reqId":"ops-log-7".*request completed|request completed.*"reqId":"ops-log-7"/, 5_000);
    const entries = parseJsonLines(served.stdoutLines.filter((l) => !HUMAN_LINES.some((h) => h.test(l))));
    const mine = entries.filter((e) => e.reqId === 'ops-log-7');
    assert.ok(mine.some((e) => e.msg === 'incoming request'), 'the incoming line names the request id');
    const completed = mine.find((e) => e.msg === 'request completed');
    assert.equal((completed?.res as { statusCode?: number } | undefined)?.statusCode, 200);
    for (const e of entries) {
      assert.equal(typeof e.level, 'number', 'pino level');
      assert.equal(typeof e.time, 'number', 'pino time');
    }
  });

  it('on SIGTERM logs that it is shutting down, exits 0 within 10 s and releases the data dir', async () => {
    assert.ok(served);
    const lock = path.join(dataDir, 'pglite', 'lastmile.lock');
    if (!pgDb) assert.equal(fs.readFileSync(lock, 'utf8').trim(), String(served.child.pid), 'the running server holds the lock');
    served.child.kill('SIGTERM');
    const { code, signal } = await withTimeout(served.exited, STOP_TIMEOUT_MS, 'shutdown after SIGTERM');
    assert.equal(signal, null);
    assert.equal(code, 0, `exit code 0; stderr: ${served.stderr()}`);
    const entries = parseJsonLines(served.stdoutLines.filter((l) => !HUMAN_LINES.some((h) => h.test(l))));
    assert.ok(entries.some((e) => typeof e.msg === 'string' && e.msg.startsWith('shutting down') && e.signal === 'SIGTERM'), 'a shutting-down line');
    assert.ok(entries.some((e) => e.msg === 'stopped'), 'a stopped line');
    assert.equal(fs.existsSync(lock), false, 'the lock file is removed');
    assert.equal(served.stderr(), '');
  });
});

describe('lastmile start-up failures', () => {
  function lastmile(args: string[], env: Record<string, string>) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-cli-'));
    try {
      return spawnSync(process.execPath, ['bin/lastmile.js', ...args], { cwd: root, env: lastmileEnv({ DATA_DIR: dataDir, ...env }), encoding: 'utf8', timeout: 60_000 });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  it('a bad PORT exits 1 with one line naming PORT and no stack trace', () => {
    const res = lastmile(['serve'], { PORT: 'abc' });
    assert.equal(res.status, 1);
    const lines = res.stderr.split('\n').filter((l) => l.trim() !== '');
    assert.equal(lines.length, 1, `one line on stderr: ${res.stderr}`);
    assert.match(lines[0] ?? '', /PORT/);
    assert.match(lines[0] ?? '', /"abc"/);
    assert.doesNotMatch(res.stderr, /^\s+at /m, 'no stack trace');
    assert.equal(res.stdout, '', 'nothing started');
  });

  it('an unknown command exits 2 and lists the commands', () => {
    const res = lastmile(['serev'], {});
    assert.equal(res.status, 2);
    assert.match(res.stderr, /unknown command "serev"/);
    assert.match(res.stderr, /^\s+serve\s/m);
    assert.doesNotMatch(res.stderr, /^\s+at /m, 'no stack trace');
  });
});

describe('/readyz without a database', () => {
  const config = () => ({ ...loadConfig({ LOG_LEVEL: 'silent' }), dataDir: os.tmpdir() });
  const mailer = () => createMailer({ smtpUrl: undefined, from: 'test@localhost', dataDir: os.tmpdir() });

  it('answers 503 once the database it was built on has closed', async () => {
    const testDb = await createTestDatabase({ poolMax: 1 });
    const app = await buildApp({ config: config(), db: testDb.db, mailer: mailer(), logger: false });
    try {
      await app.ready();
      assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
      await testDb.close();
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json<{ status: string }>().status, 'unavailable');
    } finally {
      await app.close();
    }
  });

  it('answers 503 when PostgreSQL refuses the connection', async () => {
    const port = await freePort();
    const db = await openDatabase({ url: `postgres://lastmile@127.0.0.1:${port}/lastmile`, poolMax: 1 });
    const app = await buildApp({ config: config(), db, mailer: mailer(), logger: false });
    try {
      await app.ready();
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 503);
      assert.deepEqual(res.json(), { status: 'unavailable', reason: 'database unreachable' });
      assert.doesNotMatch(res.body, /ECONNREFUSED|127\.0\.0\.1/, 'no connection details leak');
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('answers 503 instead of hanging when the database accepts connections but never answers', async () => {
    // A stopped PostgreSQL or a network black hole: the TCP connection opens, nothing comes back.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const db = await openDatabase({ url: `postgres://lastmile@127.0.0.1:${(silent.address() as net.AddressInfo).port}/lastmile`, poolMax: 1 });
    const app = await buildApp({ config: config(), db, mailer: mailer(), logger: false });
    try {
      await app.ready();
      const res = await withTimeout(app.inject({ method: 'GET', url: '/readyz' }), 15_000, '/readyz against a silent database');
      assert.equal(res.statusCode, 503);
      assert.deepEqual(res.json(), { status: 'unavailable', reason: 'database did not answer in time' });
    } finally {
      await app.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
      await db.close();
    }
  });
});
