import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults with nothing set', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.publicUrl, 'http://localhost:3000');
    assert.equal(c.secureCookies, false);
    assert.equal(c.logSql, false);
  });

  it('names the variable and the rule for a bad value', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), (e: unknown) => e instanceof ConfigError && /PORT must be a whole number/.test(e.message));
    assert.throws(() => loadConfig({ PORT: '70000' }), /PORT must be between 0 and 65535/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL must start with postgres:/);
    assert.throws(() => loadConfig({ LOG_SQL: 'maybe' }), /LOG_SQL must be true\/false/);
    assert.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL must be one of/);
    assert.throws(() => loadConfig({ MIGRATION_DATABASE_URL: 'postgres://a@b/c' }), /needs DATABASE_URL/);
  });

  it('defaults the migration connection to DATABASE_URL and turns on Secure cookies behind https', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://app@db/lastmile', PUBLIC_URL: 'https://billing.example.ph/' });
    assert.equal(c.migrationDatabaseUrl, 'postgres://app@db/lastmile');
    assert.equal(c.publicUrl, 'https://billing.example.ph');
    assert.equal(c.secureCookies, true);
  });
});

describe('worker placement', () => {
  it('runs the job workers inside serve unless WORKER_IN_PROCESS is off', () => {
    assert.equal(loadConfig({}).workerInProcess, true);
    assert.equal(loadConfig({ WORKER_IN_PROCESS: 'false' }).workerInProcess, false);
    assert.throws(() => loadConfig({ WORKER_IN_PROCESS: 'sometimes' }), /WORKER_IN_PROCESS must be true\/false/);
  });
});
