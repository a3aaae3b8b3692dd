import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { withPlatform, withTenant } from '../db/tenancy.ts';
import { createMailer } from '../modules/mail/mailer.ts';
import { signUpCompany, type SignUpResult } from '../modules/tenants/sign-up-company.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';

/**
 * Use cases check uniqueness before writing, but two concurrent requests can both pass the
 * check; the second then hits the unique constraint. These routes write the duplicate
 * directly, as the losing request of such a race would.
 */
describe('unique violations from a race', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  let company: SignUpResult;

  before(async () => {
    testDb = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-test-'));
    const mailer = createMailer({ smtpUrl: undefined, from: 'test@localhost', dataDir });
    app = await buildApp({ config: { ...loadConfig({ LOG_LEVEL: 'silent' }), dataDir }, db: testDb.db, mailer, logger: false });
    company = await signUpCompany({ db: testDb.db, now: () => new Date() }, { companyName: 'Race ISP', ownerName: 'Rae', email: 'rae@race.test', password: 'correct horse battery' });
    const tenantId = company.tenantId;
    app.post('/api/v1/test/duplicate-role', async () =>
      withTenant(app.db, tenantId, (trx) => trx.insertInto('roles').values({ tenant_id: tenantId, name: 'ADMIN', builtin_key: null }).execute()),
    );
    app.post('/api/v1/test/duplicate-user', async () =>
      withTenant(app.db, tenantId, async (trx) => {
        const role = await trx.selectFrom('roles').select('id').where('tenant_id', '=', tenantId).where('builtin_key', '=', 'support').executeTakeFirstOrThrow();
        await trx.insertInto('users').values({ tenant_id: tenantId, email: 'RAE@race.test', name: 'Twin', role_id: role.id, password_hash: null, locked_until: null, last_sign_in_at: null }).execute();
      }),
    );
    app.post('/api/v1/test/duplicate-slug', async () =>
      withPlatform(app.db, (trx) => trx.insertInto('tenants').values({ slug: company.tenantSlug, name: 'Copy', suspended_reason: null, suspended_at: null }).execute()),
    );
    await app.ready();
  });
  after(async () => {
    await app.close();
    await testDb.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answer 422 naming the field for the constraints a use case checks (role name, staff email)', async () => {
    const role = await app.inject({ method: 'POST', url: '/api/v1/test/duplicate-role' });
    assert.equal(role.statusCode, 422);
    assert.match(role.headers['content-type'] as string, /application\/problem\+json/);
    assert.deepEqual(role.json().errors, [{ field: 'name', rule: 'taken', message: 'A role with this name already exists' }]);
    const user = await app.inject({ method: 'POST', url: '/api/v1/test/duplicate-user' });
    assert.equal(user.statusCode, 422);
    assert.equal(user.json().errors[0].field, 'email');
  });

  it('answer 409 for any other unique constraint, never a 500', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/test/duplicate-slug' });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'conflict');
  });
});

/**
 * TypeBox writes a closed set of values as anyOf one literal per value. Ajv then reports one
 * "must be equal to constant" per value plus "must match a schema in anyOf"; a client should
 * get one problem for the field that lists what it may send.
 */
describe('schema validation of a closed set of values', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;

  before(async () => {
    testDb = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-test-'));
    const mailer = createMailer({ smtpUrl: undefined, from: 'test@localhost', dataDir });
    app = await buildApp({ config: { ...loadConfig({ LOG_LEVEL: 'silent' }), dataDir }, db: testDb.db, mailer, logger: false });
    const body = Type.Object(
      {
        status: Type.Union([Type.Literal('lead'), Type.Literal('active'), Type.Literal('terminated')]),
        mode: Type.Optional(Type.Union([Type.Literal('prepaid'), Type.Literal('postpaid'), Type.Null()])),
        latitude: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
      },
      { additionalProperties: false },
    );
    app.post('/api/v1/test/closed-set', { schema: { body } }, async () => ({ ok: true }));
    await app.ready();
  });
  after(async () => {
    await app.close();
    await testDb.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers one problem per field listing the allowed values', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/test/closed-set', payload: { status: 'nope', mode: 'weekly' } });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json().errors, [
      { field: 'status', rule: 'enum', message: 'status must be one of lead, active, terminated' },
      { field: 'mode', rule: 'enum', message: 'mode must be one of prepaid, postpaid, or null' },
    ]);
    assert.equal(res.json().detail, 'status must be one of lead, active, terminated');
  });

  it('names the accepted types once when a union is not a set of values', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/test/closed-set', payload: { status: 'lead', latitude: { x: 1 } } });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json().errors, [{ field: 'latitude', rule: 'type', message: 'latitude must be number or null' }]);
  });

  it('accepts a value from the set', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/test/closed-set', payload: { status: 'active', mode: null } });
    assert.equal(res.statusCode, 200);
  });
});
