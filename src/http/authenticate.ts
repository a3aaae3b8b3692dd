/**
 * Works out who is calling: a staff session cookie (`lm_session`) or an API key
 * (`Authorization: Bearer lm_...`). The lookup runs inside the tenant named by the token, so
 * RLS guards it like any other tenant query. Routes then demand what they need with
 * requireStaff / requirePermission.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withTenant } from '../db/tenancy.ts';
import { AppError, forbidden, unauthenticated } from '../lib/errors.ts';
import { hashSecret, parseApiKey, parseTenantToken } from '../lib/tokens.ts';
import { findSession, touchSession } from '../modules/auth/sessions-repository.ts';
import type { BuiltinRoleKey } from '../db/schema.ts';
import { effectivePermissions, isPermission, type Permission } from '../modules/roles/permissions.ts';
import type { ApiKeyPrincipal, Principal, StaffPrincipal } from './principal.ts';
import { sessionCsrfToken } from './csrf.ts';
import { isApiRequest } from './problem.ts';

export const SESSION_COOKIE = 'lm_session';

const suspended = () =>
  new AppError(403, 'tenant_suspended', 'This company’s account is suspended. Contact the Lastmile operator to restore access.');

export function registerAuthentication(app: FastifyInstance): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/app') && !request.url.startsWith('/api/v1') && request.url !== '/logout') return;
    const header = request.headers.authorization;
    if (header !== undefined && isApiRequest(request)) {
      request.principal = await authenticateApiKey(app, request, header);
      tagLog(request, reply, request.principal.tenantId);
      return;
    }
    const principal = await authenticateSession(app, request);
    if (principal === 'suspended') {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      throw suspended();
    }
    request.principal = principal;
    request.sessionCsrfToken = principal?.csrfToken;
    if (principal) tagLog(request, reply, principal.tenantId);
  });
}

/** Every later log line of the request, the final "request completed" included, names the tenant (DESIGN.md rule 7). */
function tagLog(request: FastifyRequest, reply: FastifyReply, tenantId: string): void {
  request.log = request.log.child({ tenantId });
  reply.log = request.log;
}

async function authenticateSession(app: FastifyInstance, request: FastifyRequest): Promise<StaffPrincipal | 'suspended' | undefined> {
  const token = parseTenantToken(request.cookies[SESSION_COOKIE]);
  if (!token) return undefined;
  const now = app.clock();
  return withTenant(
    app.db,
    token.tenantId,
    async (trx) => {
      const session = await findSession(trx, token.tenantId, token.secret, now);
      if (!session || session.userStatus !== 'active') return undefined;
      if (session.tenantStatus !== 'active') return 'suspended' as const;
      await touchSession(trx, token.tenantId, session, now);
      return {
        kind: 'staff' as const,
        tenantId: token.tenantId,
        tenantName: session.tenantName,
        tenantSlug: session.tenantSlug,
        sessionId: session.sessionId,
        userId: session.userId,
        userName: session.userName,
        email: session.email,
        roleName: session.isOwner ? 'Owner' : session.roleName,
        csrfToken: sessionCsrfToken(token.secret),
        actor: {
          type: 'user' as const,
          id: session.userId,
          label: session.userName,
          isOwner: session.isOwner,
          // The owner always holds every permission, whatever role row they point at.
          permissions: session.isOwner
            ? effectivePermissions({ builtin_key: 'owner', permissions: [] })
            : effectivePermissions({ builtin_key: session.builtinKey, permissions: session.rolePermissions }),
        },
      };
    },
    { requestId: request.id },
  );
}

async function authenticateApiKey(app: FastifyInstance, request: FastifyRequest, header: string): Promise<ApiKeyPrincipal> {
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const parsed = match?.[1] ? parseApiKey(match[1]) : undefined;
  if (!parsed) throw unauthenticated('The Authorization header must be "Bearer <API key>"');
  const now = app.clock();
  const found = await withTenant(
    app.db,
    parsed.tenantId,
    async (trx) => {
      const key = await trx
        .selectFrom('api_keys')
        .innerJoin('tenants', 'tenants.id', 'api_keys.tenant_id')
        .leftJoin('users as maker', (j) => j.onRef('maker.tenant_id', '=', 'api_keys.tenant_id').onRef('maker.id', '=', 'api_keys.created_by'))
        .leftJoin('roles as maker_role', (j) => j.onRef('maker_role.tenant_id', '=', 'maker.tenant_id').onRef('maker_role.id', '=', 'maker.role_id'))
        .select([
          'api_keys.id',
          'api_keys.name',
          'api_keys.permissions',
          'api_keys.last_used_at',
          'api_keys.created_by',
          'tenants.status as tenantStatus',
          'tenants.name as tenantName',
          'tenants.slug as tenantSlug',
          'maker.status as makerStatus',
          'maker.is_owner as makerIsOwner',
          'maker_role.builtin_key as makerBuiltinKey',
          'maker_role.permissions as makerRolePermissions',
        ])
        .where('api_keys.tenant_id', '=', parsed.tenantId)
        .where('api_keys.key_hash', '=', hashSecret(parsed.secret))
        .where('api_keys.revoked_at', 'is', null)
        .executeTakeFirst();
      // Recorded at most once a minute so busy integrations do not write on every call.
      if (key && key.tenantStatus === 'active' && (!key.last_used_at || now.getTime() - key.last_used_at.getTime() > 60_000)) {
        await trx.updateTable('api_keys').set({ last_used_at: now }).where('tenant_id', '=', parsed.tenantId).where('id', '=', key.id).execute();
      }
      return key;
    },
    { requestId: request.id },
  );
  if (!found) throw unauthenticated('This API key is not valid or has been revoked');
  if (found.tenantStatus !== 'active') throw suspended();
  if (found.created_by !== null && found.makerStatus !== 'active') {
    throw new AppError(401, 'api_key_maker_inactive', 'The staff member who created this API key has been deactivated; ask an admin for a new key');
  }
  return {
    kind: 'api_key',
    tenantId: parsed.tenantId,
    tenantName: found.tenantName,
    tenantSlug: found.tenantSlug,
    apiKeyId: found.id,
    keyName: found.name,
    actor: {
      type: 'api_key',
      id: found.id,
      label: `API key “${found.name}”`,
      isOwner: false,
      permissions: keyPermissions(found),
    },
  };
}

/**
 * A key never does more than the person who made it could do today: its permissions are
 * capped by its maker's current role, so demoting someone also narrows their keys. Keys
 * without a recorded maker (loaded by scripts) keep their own list.
 */
function keyPermissions(key: {
  permissions: string[];
  created_by: string | null;
  makerIsOwner: boolean | null;
  makerBuiltinKey: BuiltinRoleKey | null;
  makerRolePermissions: string[] | null;
}): Set<Permission> {
  const own = key.permissions.filter(isPermission);
  if (key.created_by === null) return new Set(own);
  const maker = key.makerIsOwner
    ? effectivePermissions({ builtin_key: 'owner', permissions: [] })
    : effectivePermissions({ builtin_key: key.makerBuiltinKey, permissions: key.makerRolePermissions ?? [] });
  return new Set(own.filter((p) => maker.has(p)));
}

/** The signed-in staff member, or a 401/403 (the API) when there is none. */
export function requireStaff(request: FastifyRequest): StaffPrincipal {
  const p = request.principal;
  if (p?.kind === 'staff') return p;
  if (p) throw forbidden('This is for signed-in staff');
  throw unauthenticated();
}

/** Any authenticated caller (staff or API key) holding the permission. */
export function requirePrincipal(request: FastifyRequest, permission?: Permission): Principal {
  const p = request.principal;
  if (!p) throw unauthenticated();
  if (permission && !p.actor.permissions.has(permission)) throw forbidden(`This needs the "${permission}" permission`);
  return p;
}

/**
 * Route hook for pages: sends anonymous visitors to sign-in (returning to this page after)
 * and answers 403 when the signed-in user lacks the permission. Use it as `onRequest`, so
 * nobody learns anything from validation before being authenticated.
 */
export function staffPage(permission?: Permission) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const p = request.principal;
    if (!p) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
    if (p.kind !== 'staff') throw forbidden('This page is for signed-in staff');
    if (permission && !p.actor.permissions.has(permission)) throw forbidden(`This needs the "${permission}" permission`);
    return undefined;
  };
}

/** Route hook for API routes (use as `onRequest`): 401 without credentials, 403 without the permission. */
export function apiAuth(permission?: Permission) {
  return async (request: FastifyRequest): Promise<void> => {
    requirePrincipal(request, permission);
  };
}
