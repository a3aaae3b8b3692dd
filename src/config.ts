/**
 * Typed configuration, read once from the environment and validated at start.
 * A bad value stops the process with a message naming the variable, never a stack trace.
 */
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** Real PostgreSQL for the app's runtime queries. Unset: embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  /** Owner connection used by migrations; defaults to databaseUrl. */
  migrationDatabaseUrl: string | undefined;
  dataDir: string;
  /** Base URL written into e-mailed links. */
  publicUrl: string;
  logLevel: string;
  logSql: boolean;
  /** Cookies get the Secure flag (set when served behind HTTPS). */
  secureCookies: boolean;
  trustProxy: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Pool size for a real PostgreSQL; the embedded database always uses one connection. */
  poolMax: number;
  /** `serve` also runs the background job workers (WORKER_IN_PROCESS, default true). */
  workerInProcess: boolean;
  nodeEnv: string;
}

export class ConfigError extends Error {
  constructor(variable: string, rule: string) {
    super(`Invalid configuration: ${variable} ${rule}`);
    this.name = 'ConfigError';
  }
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true/false (or 1/0), got "${raw}"`);
}

function urlVar(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => p + '//').join(' or ')}`);
  }
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intVar(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '0.0.0.0';
  const databaseUrl = urlVar(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const migrationDatabaseUrl = urlVar(env, 'MIGRATION_DATABASE_URL', ['postgres:', 'postgresql:']) ?? databaseUrl;
  if (migrationDatabaseUrl && !databaseUrl) {
    throw new ConfigError('MIGRATION_DATABASE_URL', 'needs DATABASE_URL as well (the embedded database has one connection)');
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const publicUrl = urlVar(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  return {
    port,
    host,
    databaseUrl,
    migrationDatabaseUrl,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    publicUrl: publicUrl.replace(/\/$/, ''),
    logLevel,
    logSql: boolVar(env, 'LOG_SQL', false),
    secureCookies: boolVar(env, 'SECURE_COOKIES', publicUrl.startsWith('https:')),
    trustProxy: boolVar(env, 'TRUST_PROXY', false),
    smtpUrl: urlVar(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM || 'Lastmile <no-reply@localhost>',
    poolMax: intVar(env, 'DATABASE_POOL_MAX', 10, 1, 500),
    workerInProcess: boolVar(env, 'WORKER_IN_PROCESS', true),
    nodeEnv: env.NODE_ENV || 'development',
  };
}
