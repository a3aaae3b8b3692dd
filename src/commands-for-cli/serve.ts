/**
 * `lastmile serve`: migrate, then serve HTTP (and, unless WORKER_IN_PROCESS=false, run the job
 * workers) until SIGINT/SIGTERM, then drain requests, stop the queue and close the database.
 */
import { buildApp } from '../app.ts';
import { createMailer } from '../modules/mail/mailer.ts';
import { openRuntime } from './open-runtime.ts';
import { startJobWorkers, type JobWorkers } from '../jobs/workers.ts';
import { keepEmbeddedStatisticsFresh } from '../db/embedded-statistics.ts';

export async function serveCommand(): Promise<void> {
  const { config, db, logger } = await openRuntime({ migrate: true });
  const stopAnalyzing = await keepEmbeddedStatisticsFresh(db, logger);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir });
  const app = await buildApp({ config, db, mailer, logger: { level: config.logLevel } });
  // One process for `npm start`; production runs `lastmile worker` and sets WORKER_IN_PROCESS=false.
  const workers: JobWorkers | undefined = config.workerInProcess ? await startJobWorkers({ config, db, logger }) : undefined;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 10s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    await app.close();
    stopAnalyzing();
    await workers?.stop();
    await db.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const where = db.embedded ? `embedded database in ${config.dataDir}/pglite` : 'PostgreSQL from DATABASE_URL';
  console.log(`Lastmile is running at http://localhost:${config.port} (${where})`);
  if (mailer.usesOutbox) console.log(`No SMTP_URL set: e-mail goes to ${config.dataDir}/outbox`);
}
