/** `lastmile migrate [--down N]` */
import { migrateDown } from '../db/migrate.ts';
import { withOwnerPool } from '../db/owner-pool.ts';
import { openRuntime, runMigrations } from './open-runtime.ts';
import { CliError } from './cli-error.ts';

export async function migrateCommand(args: { down?: string | undefined }): Promise<void> {
  const runtime = await openRuntime({ migrate: false, quiet: true });
  try {
    if (args.down !== undefined) {
      if (!/^\d+$/.test(args.down) || Number(args.down) < 1) throw new CliError('--down takes a whole number of migrations to revert, e.g. --down 1');
      const steps = Number(args.down);
      const reverted = await withOwnerPool(runtime.config, runtime.db, (pool) => migrateDown(pool, steps));
      console.log(reverted.length ? `Reverted: ${reverted.join(', ')}` : 'Nothing to revert');
      return;
    }
    const applied = await runMigrations(runtime.config, runtime.db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
  } finally {
    await runtime.db.close();
  }
}
