/**
 * The `lastmile` command. Parses the command line and hands over to src/commands-for-cli.
 * Expected failures print one clear line and exit non-zero; nothing prints a stack trace
 * unless LASTMILE_DEBUG is set.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from './config.ts';
import { AppError } from './lib/errors.ts';
import { CliError } from './commands-for-cli/cli-error.ts';
import { DataDirInUseError } from './db/embedded.ts';

interface Command {
  summary: string;
  options?: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<void>;
}

// Each command loads its code only when run, so `lastmile --help` stays fast.
const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'Migrate the database and serve the web app and API',
    run: async () => (await import('./commands-for-cli/serve.ts')).serveCommand(),
  },
  worker: {
    summary: 'Migrate the database and run background jobs (nightly per-tenant work) until stopped',
    run: async () => (await import('./commands-for-cli/worker.ts')).workerCommand(),
  },
  migrate: {
    summary: 'Apply pending migrations (--down N reverts the newest N)',
    options: { down: { type: 'string' } },
    run: async (v) => (await import('./commands-for-cli/migrate.ts')).migrateCommand({ down: v.down as string | undefined }),
  },
  'create-platform-admin': {
    summary: 'Create a platform operator (--email, optional --name; password asked, or first line of stdin)',
    options: { email: { type: 'string' }, name: { type: 'string' } },
    run: async (v) =>
      (await import('./commands-for-cli/create-platform-admin.ts')).createPlatformAdminCommand({
        email: v.email as string | undefined,
        name: v.name as string | undefined,
      }),
  },
  'verify-isolation': {
    summary: 'Check tenancy rules (RLS, tenant-first keys, roles) against the live database; --json for machines',
    options: { json: { type: 'boolean' } },
    run: async (v) => (await import('./commands-for-cli/verify-isolation.ts')).verifyIsolationCommand({ json: v.json === true }),
  },
  import: {
    summary: 'Import a CSV file: import TYPE FILE --tenant SLUG [--dry-run] (areas, plans, customers, devices, installations)',
    options: { tenant: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    run: async (v, positionals) =>
      (await import('./commands-for-cli/import.ts')).importCommand({ positionals, tenant: v.tenant as string | undefined, dryRun: v['dry-run'] === true }),
  },
  bill: {
    summary: 'Run billing: bill [--date YYYY-MM-DD] [--tenant SLUG] [--dry-run] [--batch-size N] (default: every active company, today in its time zone)',
    options: { date: { type: 'string' }, tenant: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'batch-size': { type: 'string' } },
    run: async (v) =>
      (await import('./commands-for-cli/bill.ts')).billCommand({
        date: v.date as string | undefined,
        tenant: v.tenant as string | undefined,
        dryRun: v['dry-run'] === true,
        batchSize: v['batch-size'] as string | undefined,
      }),
  },
  'seed-demo': {
    summary: 'Create or refill a demo company with realistic data (--tenant SLUG, --customers N through the use cases, --scale N more with SQL for benchmarks)',
    options: { tenant: { type: 'string' }, scale: { type: 'string' }, customers: { type: 'string' } },
    run: async (v) =>
      (await import('./commands-for-cli/seed-demo.ts')).seedDemoCommand({
        tenant: v.tenant as string | undefined,
        scale: v.scale as string | undefined,
        customers: v.customers as string | undefined,
      }),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return ['Usage: lastmile <command> [options]', '', 'Commands:', ...Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`lastmile: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
  } catch (err) {
    console.error(`lastmile ${name}: ${(err as Error).message}`);
    return 2;
  }
  await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliError) {
      console.error(`lastmile: ${err.message}`);
      process.exitCode = err.exitCode;
    } else if (err instanceof ConfigError || err instanceof AppError || err instanceof DataDirInUseError) {
      console.error(`lastmile: ${err.message}`);
      if (err instanceof AppError) for (const f of err.fields) console.error(`  ${f.field}: ${f.message}`);
      process.exitCode = 1;
    } else {
      console.error(`lastmile: unexpected error: ${(err as Error)?.message ?? String(err)}`);
      if (process.env.LASTMILE_DEBUG) console.error(err);
      process.exitCode = 1;
    }
  },
);
