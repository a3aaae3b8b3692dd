/** Small helpers every benchmark uses: settings from the environment, superuser statements, a timed log. */
import pg from 'pg';

/** A positive whole number from the environment, or the fallback when unset. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive whole number`);
  return Number(raw);
}

/** The superuser connection that creates and drops the benchmark's own database. */
export const ADMIN_URL = process.env.BENCH_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** One statement on its own connection as the superuser (CREATE/DROP DATABASE). */
export async function adminQuery(text: string, url = ADMIN_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** console.log with the seconds since the benchmark started. */
export function timedLog(): (message: string) => void {
  const start = performance.now();
  return (message) => console.log(`[${((performance.now() - start) / 1000).toFixed(1).padStart(6)}s] ${message}`);
}
