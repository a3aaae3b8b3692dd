/**
 * Staff sign-in by e-mail and password. E-mails are unique per tenant only, so the same
 * address may belong to staff of several companies: the platform path finds which tenants
 * know the address (tenant ids only), then the password is checked inside each tenant's own
 * RLS context. Five wrong passwords lock the account for 15 minutes.
 *
 * Two phases: first the password is verified at every candidate company (writing nothing
 * on success), and only when exactly one company is settled on does a second transaction
 * open the session and record 'auth.signed_in' there. A password valid at several
 * companies therefore leaves no sessions or audit entries behind until the person picks one.
 */
import type { Database } from '../../db/database.ts';
import { withPlatform, withTenant } from '../../db/tenancy.ts';
import { AppError } from '../../lib/errors.ts';
import { dummyPasswordHash, verifyPassword } from '../../lib/passwords.ts';
import { normaliseEmail } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { TenantContext } from '../context.ts';
import { createSession } from './sessions-repository.ts';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export interface SignInInput {
  email: string;
  password: string;
  /** Chosen company when the address is staff at more than one. */
  tenantSlug?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface SignInDeps {
  db: Database;
  now: () => Date;
  requestId?: string | undefined;
}

export type SignInResult =
  | { kind: 'signed_in'; tenantId: string; userId: string; cookie: string }
  | { kind: 'choose_company'; companies: { slug: string; name: string }[] };

const INVALID = () => new AppError(401, 'invalid_credentials', 'Email or password is incorrect');
const SUSPENDED = () => new AppError(403, 'tenant_suspended', 'This company’s account is suspended. Contact the Lastmile operator to restore access.');

interface Candidate {
  tenantId: string;
  slug: string;
  name: string;
}

/** `passwordRight` marks a refusal that came after the password was accepted (suspension). */
type Verdict = { ok: true; userId: string } | { ok: false; error: AppError; passwordRight?: true };

export async function signIn(deps: SignInDeps, input: SignInInput): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const password = typeof input.password === 'string' ? input.password : '';
  if (!email || !password) throw INVALID();

  const candidates: Candidate[] = await withPlatform(deps.db, (trx) =>
    trx
      .selectFrom('users as u')
      .innerJoin('tenants as t', 't.id', 'u.tenant_id')
      .select(['u.tenant_id as tenantId', 't.slug', 't.name'])
      .where((eb) => eb(eb.fn('lower', ['u.email']), '=', email))
      .where('u.status', '=', 'active')
      .orderBy('t.name')
      .execute(),
  );
  const chosen = input.tenantSlug ? candidates.filter((c) => c.slug === input.tenantSlug) : candidates;
  if (chosen.length === 0) {
    await verifyPassword(await dummyPasswordHash(), password);
    throw INVALID();
  }

  // Phase 1. Each check runs in its own transaction so a failed attempt's counter and audit
  // entry are committed even though sign-in fails.
  const verified: (Candidate & { userId: string })[] = [];
  let firstError: AppError | undefined;
  let refusedDespiteRightPassword: AppError | undefined;
  for (const candidate of chosen) {
    const verdict = await verifyAtTenant(deps, candidate.tenantId, email, password, input, chosen.length === 1);
    if (verdict.ok) verified.push({ ...candidate, userId: verdict.userId });
    else if (verdict.passwordRight) refusedDespiteRightPassword ??= verdict.error;
    else firstError ??= verdict.error;
  }
  // The password was right at a company that refuses sign-in (suspended): that is what the
  // person needs to hear, and it is no guess, so nothing counts against their other companies.
  if (verified.length === 0 && refusedDespiteRightPassword) throw refusedDespiteRightPassword;
  if (verified.length === 0 && chosen.length > 1) {
    // No company accepted the password: whoever typed it does not know any of them, so the
    // failure counts everywhere (the same address is the same mailbox). Checked again with
    // counting on, under each row's lock, rather than trusting the first pass.
    for (const candidate of chosen) await verifyAtTenant(deps, candidate.tenantId, email, password, input, true);
  }
  if (verified.length === 0) throw firstError ?? INVALID();
  if (verified.length > 1) return { kind: 'choose_company', companies: verified.map((v) => ({ slug: v.slug, name: v.name })) };

  // Phase 2: one company, one session.
  const [only] = verified;
  if (!only) throw INVALID();
  const cookie = await startSession(deps, only.tenantId, only.userId, input);
  return { kind: 'signed_in', tenantId: only.tenantId, userId: only.userId, cookie };
}

function contextFor(deps: SignInDeps, tenantId: string, trx: TenantContext['trx'], user: { id: string; name: string }, ip: string | undefined): TenantContext {
  return {
    tenantId,
    trx,
    now: deps.now,
    requestId: deps.requestId,
    ip,
    actor: { type: 'user', id: user.id, label: user.name, isOwner: false, permissions: new Set() },
  };
}

/**
 * Checks the password at one company. Success writes nothing. Failures are counted (and
 * audited) when asked: always for an address known at one company; for an address at
 * several, only when no company accepted the password, so a person with different passwords
 * at two companies is not locked out of one by signing in to the other.
 */
async function verifyAtTenant(deps: SignInDeps, tenantId: string, email: string, password: string, input: SignInInput, countFailure: boolean): Promise<Verdict> {
  return withTenant(
    deps.db,
    tenantId,
    async (trx): Promise<Verdict> => {
      const now = deps.now();
      const user = await trx
        .selectFrom('users')
        .innerJoin('tenants', 'tenants.id', 'users.tenant_id')
        .select(['users.id', 'users.name', 'users.password_hash', 'users.failed_sign_in_count', 'users.locked_until', 'tenants.status as tenantStatus'])
        .where('users.tenant_id', '=', tenantId)
        .where((eb) => eb(eb.fn('lower', ['users.email']), '=', email))
        .where('users.status', '=', 'active')
        .forUpdate('users')
        .executeTakeFirst();
      if (!user) return { ok: false, error: INVALID() };
      const ctx = contextFor(deps, tenantId, trx, user, input.ip);
      if (user.locked_until && user.locked_until > now) {
        await verifyPassword(await dummyPasswordHash(), password);
        const minutes = Math.ceil((user.locked_until.getTime() - now.getTime()) / 60000);
        if (countFailure) await recordAuditEvent(ctx, { action: 'auth.sign_in_refused_locked', entityType: 'user', entityId: user.id });
        return {
          ok: false,
          error: new AppError(429, 'account_locked', `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`),
        };
      }
      if (!(await verifyPassword(user.password_hash, password))) {
        if (countFailure) {
          const failed = user.failed_sign_in_count + 1;
          const lock = failed >= MAX_FAILED_SIGN_INS;
          await trx
            .updateTable('users')
            .set({ failed_sign_in_count: lock ? 0 : failed, locked_until: lock ? new Date(now.getTime() + LOCKOUT_MS) : null })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', user.id)
            .execute();
          await recordAuditEvent(ctx, { action: 'auth.sign_in_failed', entityType: 'user', entityId: user.id, after: { failedCount: failed, locked: lock } });
        }
        return { ok: false, error: INVALID() };
      }
      if (user.tenantStatus === 'suspended') {
        await recordAuditEvent(ctx, { action: 'auth.sign_in_refused_suspended', entityType: 'user', entityId: user.id });
        return { ok: false, error: SUSPENDED(), passwordRight: true };
      }
      return { ok: true, userId: user.id };
    },
    { requestId: deps.requestId },
  );
}

/** Opens the session at the one company settled on, re-checking that nothing changed meanwhile. */
async function startSession(deps: SignInDeps, tenantId: string, userId: string, input: SignInInput): Promise<string> {
  return withTenant(
    deps.db,
    tenantId,
    async (trx) => {
      const now = deps.now();
      const user = await trx
        .selectFrom('users')
        .innerJoin('tenants', 'tenants.id', 'users.tenant_id')
        .select(['users.id', 'users.name', 'tenants.status as tenantStatus'])
        .where('users.tenant_id', '=', tenantId)
        .where('users.id', '=', userId)
        .where('users.status', '=', 'active')
        .forUpdate('users')
        .executeTakeFirst();
      if (!user) throw INVALID();
      if (user.tenantStatus === 'suspended') throw SUSPENDED();
      await trx
        .updateTable('users')
        .set({ failed_sign_in_count: 0, locked_until: null, last_sign_in_at: now })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', user.id)
        .execute();
      const cookie = await createSession(trx, { tenantId, userId: user.id, ip: input.ip, userAgent: input.userAgent, now });
      await recordAuditEvent(contextFor(deps, tenantId, trx, user, input.ip), { action: 'auth.signed_in', entityType: 'user', entityId: user.id });
      return cookie;
    },
    { requestId: deps.requestId },
  );
}
