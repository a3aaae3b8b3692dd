import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/database.ts';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../../test/helpers/database.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Runs the real `lastmile` command on a database of its own: a fresh embedded one in a temp
 * DATA_DIR, or a freshly created PostgreSQL database when TEST_DATABASE_URL is set.
 */
describe('lastmile create-platform-admin', () => {
  let dataDir: string;
  let pgDb: TestDatabase | undefined;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-cli-'));
    if (onRealPostgres) pgDb = await createTestDatabase({ poolMax: 1 });
  });
  after(async () => {
    await pgDb?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function lastmile(args: string[], stdin: string) {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.MIGRATION_DATABASE_URL;
    if (pgDb?.url) env.DATABASE_URL = pgDb.url;
    const res = spawnSync(process.execPath, ['bin/lastmile.js', ...args], { cwd: root, env, input: stdin, encoding: 'utf8', timeout: 120_000 });
    return { status: res.status, stdout: res.stdout, stderr: res.stderr };
  }

  async function operators(): Promise<{ email: string; name: string; password_hash: string }[]> {
    const db = pgDb?.db ?? (await openDatabase({ embeddedDir: path.join(dataDir, 'pglite') }));
    try {
      const result = await db.pool.query<{ email: string; name: string; password_hash: string }>('SELECT email, name, password_hash FROM platform_admins ORDER BY email');
      return result.rows;
    } finally {
      if (!pgDb) await db.close();
    }
  }

  it('creates an operator from the password on stdin, hashed with argon2id', async () => {
    const res = lastmile(['create-platform-admin', '--email', 'Ops@Example.COM', '--name', 'Ops Team'], 'a long enough password\nignored second line\n');
    assert.equal(res.stderr, '');
    assert.equal(res.status, 0);
    assert.match(res.stdout, /Created platform operator ops@example\.com\. Sign in at http:\/\/localhost:\d+\/platform\/login/);
    const rows = await operators();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.email, 'ops@example.com');
    assert.equal(rows[0]?.name, 'Ops Team');
    assert.match(rows[0]?.password_hash ?? '', /^\$argon2id\$/);
    assert.ok(!rows[0]?.password_hash.includes('a long enough password'));
  });

  it('refuses an e-mail that is already an operator, whatever its case', async () => {
    const res = lastmile(['create-platform-admin', '--email', 'OPS@example.com'], 'another long password\n');
    assert.equal(res.status, 1);
    assert.equal(res.stderr.trim(), 'lastmile: a platform operator with email ops@example.com already exists');
    assert.equal((await operators()).length, 1);
  });

  it('refuses a bad e-mail, a short password and a missing password with one clear line and no stack trace', async () => {
    const cases: [string[], string, RegExp][] = [
      [['--email', 'not-an-email'], 'a long enough password\n', /^lastmile: --email: Enter a valid email address$/],
      [[], 'a long enough password\n', /^lastmile: --email is required/],
      [['--email', 'short@example.com'], 'short\n', /^lastmile: Password must be at least 10 characters$/],
      [['--email', 'empty@example.com'], '', /^lastmile: no password on stdin/],
    ];
    for (const [args, stdin, expected] of cases) {
      const res = lastmile(['create-platform-admin', ...args], stdin);
      assert.equal(res.status, 1, args.join(' '));
      assert.match(res.stderr.trim(), expected);
      assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
    }
    assert.deepEqual((await operators()).map((o) => o.email), ['ops@example.com']);
  });
});
