/**
 * Creates a platform operator (used by `lastmile create-platform-admin`). E-mails are unique
 * regardless of case. The creation is recorded in the platform audit log.
 */
import type { Database } from '../../db/database.ts';
import { withPlatform } from '../../db/tenancy.ts';
import { AppError, conflict } from '../../lib/errors.ts';
import { checkPasswordRules, hashPassword } from '../../lib/passwords.ts';
import { Problems, checkEmail, cleanText, normaliseEmail } from '../../lib/validate.ts';
import { recordPlatformAuditEvent } from './record-platform-audit-event.ts';

export interface CreatePlatformAdminInput {
  email: string;
  /** Display name; optional. */
  name?: string | undefined;
  password: string;
}

export interface CreatePlatformAdminDeps {
  db: Database;
  now: () => Date;
}

const exists = (email: string) => conflict('platform_admin_exists', `A platform operator with email ${email} already exists`);

/** Checks the e-mail and name, so a command can refuse them before asking for a password. */
export function checkPlatformAdminIdentity(problems: Problems, raw: { email: string; name?: string | undefined }): { email: string; name: string } {
  const email = normaliseEmail(raw.email);
  const name = cleanText(raw.name ?? '');
  checkEmail(problems, 'email', email);
  if (name.length > 200) problems.add('name', 'max_length', 'Name must be at most 200 characters');
  return { email, name };
}

export async function platformAdminExists(db: Database, email: string): Promise<boolean> {
  const normalised = normaliseEmail(email);
  const row = await withPlatform(db, (trx) =>
    trx
      .selectFrom('platform_admins')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', normalised))
      .executeTakeFirst(),
  );
  return row !== undefined;
}

export async function createPlatformAdmin(deps: CreatePlatformAdminDeps, raw: CreatePlatformAdminInput): Promise<{ id: string; email: string }> {
  const problems = new Problems();
  const { email, name } = checkPlatformAdminIdentity(problems, raw);
  const password = typeof raw.password === 'string' ? raw.password : '';
  try {
    checkPasswordRules(password);
  } catch (err) {
    if (err instanceof AppError) problems.list.push(...err.fields);
    else throw err;
  }
  problems.throwIfAny();

  if (await platformAdminExists(deps.db, email)) throw exists(email);
  const passwordHash = await hashPassword(password);
  try {
    return await withPlatform(deps.db, async (trx) => {
      const admin = await trx
        .insertInto('platform_admins')
        .values({ email, name, password_hash: passwordHash, last_sign_in_at: null })
        .returning(['id', 'email'])
        .executeTakeFirstOrThrow();
      await recordPlatformAuditEvent(trx, {
        action: 'platform_admin.created',
        adminId: admin.id,
        occurredAt: deps.now(),
        details: { email, name },
      });
      return admin;
    });
  } catch (err) {
    // Someone created the same operator between the check and the insert.
    if ((err as { code?: string }).code === '23505') throw exists(email);
    throw err;
  }
}
