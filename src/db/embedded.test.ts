import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from './database.ts';
import { DataDirInUseError, startEmbeddedDatabase } from './embedded.ts';

describe('embedded database', () => {
  it('keeps answering after a failed query outside a transaction', async () => {
    const db = await openDatabase({});
    try {
      await assert.rejects(db.pool.query('select 1/0'), /division by zero/);
      const next = await db.pool.query('select 41 + 1 as answer');
      assert.equal(next.rows[0].answer, 42);
    } finally {
      await db.close();
    }
  });

  it('refuses a second opener of the same data directory and frees it on stop', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-lock-'));
    try {
      const first = await startEmbeddedDatabase(dir);
      // Another live process holding the lock is simulated by our parent's pid.
      const lockFile = path.join(dir, 'lastmile.lock');
      fs.writeFileSync(lockFile, String(process.ppid));
      await assert.rejects(startEmbeddedDatabase(dir), DataDirInUseError);
      fs.writeFileSync(lockFile, String(process.pid));
      await first.stop();
      assert.equal(fs.existsSync(lockFile), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
