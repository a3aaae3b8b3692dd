/**
 * The app server under test, run in its own process by bench/api-rls.ts so its memory can be
 * read from /proc and the load generator does not share its event loop. Builds the real app
 * (buildApp, a pool of 10 on BENCH_SERVER_DATABASE_URL, no logger), listens on a free local
 * port and reports the port to the parent over IPC.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { createMailer } from '../src/modules/mail/mailer.ts';

const url = process.env.BENCH_SERVER_DATABASE_URL;
if (!url || !process.send) throw new Error('bench/server.ts is started by bench/api-rls.ts');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-bench-'));
const config = { ...loadConfig({ DATABASE_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), dataDir };
const db = await openDatabase({ url, poolMax: 10 });
const mailer = createMailer({ smtpUrl: undefined, from: config.mailFrom, dataDir });
const app = await buildApp({ config, db, mailer, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('server has no TCP address');
process.send({ port: address.port });

process.on('disconnect', () => {
  void (async () => {
    await app.close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  })();
});
