/**
 * Sign-up: one transaction creates the tenant (an ISP company), its built-in roles, its
 * default settings and its owner account. Nothing is left behind if any part fails.
 */
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { switchToTenant, withPlatform } from '../../db/tenancy.ts';
import { hashPassword, checkPasswordRules } from '../../lib/passwords.ts';
import { Problems, checkEmail, checkRequiredText, cleanText, normaliseEmail } from '../../lib/validate.ts';
import { BUILTIN_ROLES } from '../roles/permissions.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { TenantContext } from '../context.ts';
import { slugify } from './slug.ts';
import { AppError } from '../../lib/errors.ts';

export interface SignUpInput {
  companyName: string;
  ownerName: string;
  email: string;
  password: string;
}

export interface SignUpResult {
  tenantId: string;
  tenantSlug: string;
  userId: string;
}

export interface SignUpDeps {
  db: Database;
  now: () => Date;
  requestId?: string | undefined;
  ip?: string | undefined;
}

export async function signUpCompany(deps: SignUpDeps, raw: SignUpInput): Promise<SignUpResult> {
  const companyName = cleanText(raw.companyName);
  const ownerName = cleanText(raw.ownerName);
  const email = normaliseEmail(raw.email);
  const password = typeof raw.password === 'string' ? raw.password : '';

  const problems = new Problems();
  checkRequiredText(problems, 'companyName', 'Company name', companyName);
  checkRequiredText(problems, 'ownerName', 'Your name', ownerName);
  checkEmail(problems, 'email', email);
  try {
    checkPasswordRules(password);
  } catch (err) {
    if (err instanceof AppError) problems.list.push(...err.fields);
    else throw err;
  }
  problems.throwIfAny();

  const passwordHash = await hashPassword(password);

  return withPlatform(
    deps.db,
    async (platformTrx) => {
      // Serialise slug choice between concurrent sign-ups of similar names.
      await sql`select pg_advisory_xact_lock(727002)`.execute(platformTrx);
      const slug = await freeSlug(platformTrx, slugify(companyName));
      const tenant = await platformTrx
        .insertInto('tenants')
        .values({ slug, name: companyName, suspended_reason: null, suspended_at: null, created_at: deps.now() })
        .returning(['id', 'slug'])
        .executeTakeFirstOrThrow();

      const trx = await switchToTenant(platformTrx, tenant.id);
      await trx.insertInto('tenant_settings').values({ tenant_id: tenant.id, logo: null, logo_content_type: null }).execute();
      const roles = await trx
        .insertInto('roles')
        .values(BUILTIN_ROLES.map((r) => ({ tenant_id: tenant.id, builtin_key: r.key, name: r.name, description: r.description })))
        .returning(['id', 'builtin_key'])
        .execute();
      const ownerRole = roles.find((r) => r.builtin_key === 'owner');
      if (!ownerRole) throw new Error('owner role was not created');
      const owner = await trx
        .insertInto('users')
        .values({
          tenant_id: tenant.id,
          email,
          name: ownerName,
          password_hash: passwordHash,
          role_id: ownerRole.id,
          is_owner: true,
          status: 'active',
          locked_until: null,
          last_sign_in_at: null,
        })
        .returning(['id'])
        .executeTakeFirstOrThrow();

      const ctx: TenantContext = {
        tenantId: tenant.id,
        trx,
        now: deps.now,
        requestId: deps.requestId,
        ip: deps.ip,
        actor: { type: 'user', id: owner.id, label: ownerName, isOwner: true, permissions: new Set() },
      };
      await recordAuditEvent(ctx, {
        action: 'tenant.signed_up',
        entityType: 'tenant',
        entityId: tenant.id,
        after: { companyName, slug, ownerEmail: email },
      });
      return { tenantId: tenant.id, tenantSlug: tenant.slug, userId: owner.id };
    },
    { requestId: deps.requestId },
  );
}

async function freeSlug(trx: Parameters<Parameters<typeof withPlatform>[1]>[0], base: string): Promise<string> {
  const taken = await trx
    .selectFrom('tenants')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  const used = new Set(taken.map((t) => t.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}
