import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
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
