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
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDatabase {
  /** Directory holding the socket; pass as `host` to pg. */
  socketDir: string;
  stop(): Promise<void>;
}

/** `dataDir` is a folder path, or 'memory://' for a throwaway database (tests). */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  if (dataDir !== 'memory://') fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  // mkdtemp creates the folder with mode 0700: the socket has no authentication, so only
  // this user may reach it. The path stays short (Unix sockets allow ~100 bytes).
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-db-'));
  const server = new PGLiteSocketServer({ db, path: path.join(socketDir, '.s.PGSQL.5432') });
  await server.start();
  return {
    socketDir,
    async stop() {
      await server.stop();
      await db.close();
      fs.rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
