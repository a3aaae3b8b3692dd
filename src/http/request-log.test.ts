import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { withTenant } from '../db/tenancy.ts';
import { formatApiKey, hashSecret, newSecret } from '../lib/tokens.ts';
import { createMailer } from '../modules/mail/mailer.ts';
import { createSession } from '../modules/auth/sessions-repository.ts';
import { signUpCompany, type SignUpResult } from '../modules/tenants/sign-up-company.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';

describe('request log lines', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  let company: SignUpResult;
  const lines: Record<string, unknown>[] = [];

  before(async () => {
    testDb = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-test-'));
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const mailer = createMailer({ smtpUrl: undefined, from: 'test@localhost', dataDir });
    app = await buildApp({ config: { ...loadConfig({ LOG_LEVEL: 'info' }), dataDir }, db: testDb.db, mailer, logger: { level: 'info', stream } });
    await app.ready();
    company = await signUpCompany({ db: testDb.db, now: () => new Date() }, { companyName: 'Log ISP', ownerName: 'Lou', email: 'lou@log.test', password: 'correct horse battery' });
  });
  after(async () => {
    await app.close();
    await testDb.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const linesOf = (requestId: string) => lines.filter((l) => l.reqId === requestId);

  it('name the tenant of an API key request, the completion line included', async () => {
    const secret = newSecret();
    await withTenant(testDb.db, company.tenantId, (trx) =>
      trx.insertInto('api_keys').values({ tenant_id: company.tenantId, name: 'log', key_prefix: secret.slice(0, 6), key_hash: hashSecret(secret), permissions: ['users.read'], created_by: null, last_used_at: null, revoked_at: null }).execute(),
    );
    const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${formatApiKey(company.tenantId, secret)}`, 'x-request-id': 'log-key-1' } });
    assert.equal(res.statusCode, 200);
    const completed = linesOf('log-key-1').find((l) => l.msg === 'request completed');
    assert.ok(completed, 'a completion line');
    assert.equal(completed.tenantId, company.tenantId);
  });

  it('name the tenant of a staff session request', async () => {
    const cookie = await withTenant(testDb.db, company.tenantId, (trx) => createSession(trx, { tenantId: company.tenantId, userId: company.userId, ip: undefined, userAgent: undefined, now: new Date() }));
    const res = await app.inject({ method: 'GET', url: '/app', headers: { cookie: `lm_session=${cookie}`, 'x-request-id': 'log-staff-1' } });
    assert.equal(res.statusCode, 200);
    const completed = linesOf('log-staff-1').find((l) => l.msg === 'request completed');
    assert.equal(completed?.tenantId, company.tenantId);
  });
});
