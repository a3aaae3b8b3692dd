/** `lastmile worker`: migrate, run the job workers and the nightly schedule until SIGINT/SIGTERM. */
import { startJobWorkers } from '../jobs/workers.ts';
import { openRuntime } from './open-runtime.ts';

export async function workerCommand(): Promise<void> {
  const { config, db, logger } = await openRuntime({ migrate: true });
  const workers = await startJobWorkers({ config, db, logger });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing jobs in flight');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 10s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    // The queue first: jobs in flight still need the database.
    await workers.stop();
    await db.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const where = db.embedded ? `embedded database in ${config.dataDir}/pglite` : 'PostgreSQL from DATABASE_URL';
  console.log(`Lastmile worker is running (${where})`);
}
