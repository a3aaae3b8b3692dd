/**
 * The embedded PostgreSQL: PGlite on a data directory, served over a private Unix socket so
 * the app talks to it through the same `pg` pool (and the same SQL, roles and RLS) as a real
 * server. PGlite is one backend session, so exactly one connection may use it at a time;
 * see createPool's max of 1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
// Trigram indexes make subscriber search fast (issue 3); btree_gin lets those indexes start
// with tenant_id. Both extensions ship inside PGlite.
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDatabase {
  /** Directory holding the socket; pass as `host` to pg. */
  socketDir: string;
  /** The whole data directory as an uncompressed tarball, to start other instances from. */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

/**
 * `dataDir` is a folder path, or 'memory://' for a throwaway database (tests). `template` is
 * a tarball from dump(): the instance starts from it instead of running initdb, which takes
 * most of a new instance's start-up time (the test suite migrates one template per run).
 */
export async function startEmbeddedDatabase(dataDir: string, template?: Blob): Promise<EmbeddedDatabase> {
  let releaseLock = () => {};
  if (dataDir !== 'memory://') {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = lockDataDir(dataDir);
  }
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, { extensions: { pg_trgm, btree_gin }, ...(template ? { loadDataDir: template } : {}) });
  } catch (err) {
    releaseLock();
    throw err;
  }
  // mkdtemp creates the folder with mode 0700: the socket has no authentication, so only
  // this user may reach it. The path stays short (Unix sockets allow ~100 bytes).
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-db-'));
  // The app's pool holds one connection at a time, but when pg drops a connection after an
  // error the replacement can arrive before the server has noticed the old one closing; a
  // limit of 1 would then refuse it ("Too many connections") and the query would fail.
  const server = new PGLiteSocketServer({ db, path: path.join(socketDir, '.s.PGSQL.5432'), maxConnections: 4 });
  await server.start();
  return {
    socketDir,
    async dump() {
      const tarball = await db.dumpDataDir('none');
      return tarball;
    },
    async stop() {
      await server.stop();
      await db.close();
      fs.rmSync(socketDir, { recursive: true, force: true });
      releaseLock();
    },
  };
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(`The embedded database in ${dataDir} is in use by process ${pid}. Stop that process first, or set DATABASE_URL to use a PostgreSQL server.`);
    this.name = 'DataDirInUseError';
  }
}

/**
 * PGlite has no locking of its own, and two processes writing one data directory would
 * corrupt it. A lock file holding our pid refuses a second process; a lock left by a
 * process that no longer exists is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'lastmile.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) throw new DataDirInUseError(dataDir, pid);
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
