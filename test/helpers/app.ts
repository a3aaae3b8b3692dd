/**
 * A running app on a test database, with an injectable clock and an outbox in a temp folder,
 * plus factories that sign companies up and add staff the way real users do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createMailer, type Mailer } from '../../src/modules/mail/mailer.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { signUpCompany } from '../../src/modules/tenants/sign-up-company.ts';
import { withTenant } from '../../src/db/tenancy.ts';
import { createSession } from '../../src/modules/auth/sessions-repository.ts';
import { sessionCsrfToken } from '../../src/http/csrf.ts';
import { hashPassword } from '../../src/lib/passwords.ts';
import type { BuiltinRoleKey } from '../../src/db/schema.ts';

export class TestClock {
  private current: Date;
  constructor(start = new Date('2026-11-27T03:00:00Z')) {
    this.current = start;
  }
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(at: Date): void {
    this.current = new Date(at);
  }
}

export interface TestApp {
  app: FastifyInstance;
  testDb: TestDatabase;
  clock: TestClock;
  mailer: Mailer;
  dataDir: string;
  close(): Promise<void>;
}

export async function createTestApp(options: { poolMax?: number } = {}): Promise<TestApp> {
  const testDb = await createTestDatabase(options);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastmile-test-'));
  const config = { ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), dataDir };
  const mailer = createMailer({ smtpUrl: undefined, from: 'Lastmile <test@localhost>', dataDir });
  const clock = new TestClock();
  const app = await buildApp({ config, db: testDb.db, mailer, clock: clock.now, logger: false });
  await app.ready();
  return {
    app,
    testDb,
    clock,
    mailer,
    dataDir,
    async close() {
      await app.close();
      await testDb.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A signed-in staff member: send their cookie and CSRF token with requests. */
export interface StaffSession {
  tenantId: string;
  tenantSlug: string;
  userId: string;
  email: string;
  cookie: string;
  csrf: string;
}

let counter = 0;

export async function signUpTenant(t: TestApp, overrides: { companyName?: string; email?: string; ownerName?: string } = {}): Promise<StaffSession> {
  counter += 1;
  const email = overrides.email ?? `owner${counter}@example.test`;
  const result = await signUpCompany(
    { db: t.app.db, now: t.clock.now },
    { companyName: overrides.companyName ?? `Test ISP ${counter}`, ownerName: overrides.ownerName ?? `Owner ${counter}`, email, password: 'correct horse battery' },
  );
  return sessionFor(t, result.tenantId, result.tenantSlug, result.userId, email);
}

export async function sessionFor(t: TestApp, tenantId: string, tenantSlug: string, userId: string, email: string): Promise<StaffSession> {
  const cookie = await withTenant(t.app.db, tenantId, (trx) =>
    createSession(trx, { tenantId, userId, ip: '127.0.0.1', userAgent: 'test', now: t.clock.now() }),
  );
  return { tenantId, tenantSlug, userId, email, cookie, csrf: sessionCsrfToken(cookie.slice(37)) };
}

/** Adds an active staff member with a built-in role and signs them in. */
export async function addStaff(t: TestApp, owner: StaffSession, role: BuiltinRoleKey, email?: string): Promise<StaffSession> {
  counter += 1;
  const address = email ?? `staff${counter}@example.test`;
  const passwordHash = await hashPassword('correct horse battery');
  const userId = await withTenant(t.app.db, owner.tenantId, async (trx) => {
    const roleRow = await trx.selectFrom('roles').select('id').where('tenant_id', '=', owner.tenantId).where('builtin_key', '=', role).executeTakeFirstOrThrow();
    const user = await trx
      .insertInto('users')
      .values({ tenant_id: owner.tenantId, email: address, name: `Staff ${counter}`, password_hash: passwordHash, role_id: roleRow.id, status: 'active', locked_until: null, last_sign_in_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return user.id;
  });
  return sessionFor(t, owner.tenantId, owner.tenantSlug, userId, address);
}

/** app.inject as a signed-in staff member (cookie + CSRF header on writes). */
export function asStaff(t: TestApp, staff: StaffSession, options: InjectOptions): Promise<LightMyRequestResponse> {
  const headers = { ...(options.headers ?? {}), cookie: `lm_session=${staff.cookie}` } as Record<string, string>;
  if (options.method && options.method !== 'GET') headers['x-csrf-token'] = staff.csrf;
  return t.app.inject({ ...options, headers });
}

/** Reads the outbox of a tenant (or platform, with null). */
export function outbox(t: TestApp, tenantId: string | null) {
  return t.mailer.listOutbox(tenantId);
}
