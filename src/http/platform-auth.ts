/**
 * Authentication of platform operators on /platform. It is separate from staff
 * authentication by construction: its own cookie (`lm_platform`, Path=/platform,
 * SameSite=Strict), its own table (platform_sessions) and its own request field
 * (`request.platformOperator`). A staff session cookie is never read here, and the staff
 * hook never runs on /platform, so no tenant session can open the console.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withPlatform } from '../db/tenancy.ts';
import { sessionCsrfToken } from './csrf.ts';
import type { PlatformContext, PlatformOperatorActor } from '../modules/platform/platform-context.ts';
import {
  PLATFORM_SESSION_LIFETIME_MS,
  findPlatformSession,
  touchPlatformSession,
} from '../modules/platform/platform-sessions-repository.ts';

export const PLATFORM_COOKIE = 'lm_platform';
const COOKIE_PATH = '/platform';

export interface PlatformOperator extends PlatformOperatorActor {
  sessionId: string;
  /** Session-bound CSRF token for the console's forms. */
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    platformOperator: PlatformOperator | undefined;
  }
}

export function isPlatformUrl(url: string): boolean {
  return url === '/platform' || url.startsWith('/platform/') || url.startsWith('/platform?');
}

/** The secret in the cookie, when it has the shape newSecret() produces. */
export function platformCookieSecret(request: FastifyRequest): string | undefined {
  const value = request.cookies[PLATFORM_COOKIE];
  return value && /^[A-Za-z0-9_-]{20,200}$/.test(value) ? value : undefined;
}

/**
 * Registered by the platform module on its own routes: resolves the operator from the
 * platform cookie and hands the CSRF hook this session's token.
 */
export function registerPlatformAuthentication(app: FastifyInstance): void {
  app.decorateRequest('platformOperator', undefined);
  app.addHook('onRequest', async (request, reply) => {
    if (!isPlatformUrl(request.url)) return;
    const secret = platformCookieSecret(request);
    if (!secret) return;
    const now = app.clock();
    const session = await withPlatform(
      app.db,
      async (trx) => {
        const found = await findPlatformSession(trx, secret, now);
        if (found) await touchPlatformSession(trx, found, now);
        return found;
      },
      { requestId: request.id },
    );
    if (!session) {
      clearPlatformCookie(reply);
      return;
    }
    const csrfToken = sessionCsrfToken(secret);
    request.platformOperator = { id: session.adminId, email: session.email, name: session.name, sessionId: session.sessionId, csrfToken };
    request.sessionCsrfToken = csrfToken;
  });
}

export function setPlatformCookie(reply: FastifyReply, secret: string, secure: boolean): void {
  void reply.setCookie(PLATFORM_COOKIE, secret, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure,
    maxAge: Math.floor(PLATFORM_SESSION_LIFETIME_MS / 1000),
  });
}

export function clearPlatformCookie(reply: FastifyReply): void {
  void reply.clearCookie(PLATFORM_COOKIE, { path: COOKIE_PATH });
}

/** preHandler for console pages: anyone who is not a signed-in operator goes to sign-in. */
export async function platformPage(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if (request.platformOperator) return undefined;
  const next = request.method === 'GET' ? request.url : '/platform';
  return reply.redirect(`/platform/login?next=${encodeURIComponent(next)}`, 303);
}

/** After sign-in, only console paths are followed. */
export function safePlatformNext(next: unknown): string {
  return typeof next === 'string' && isPlatformUrl(next) && /^\/[^\s\\]*$/.test(next) && !next.startsWith('/platform/login') ? next : '/platform';
}

/** Runs one platform use case for the signed-in operator in a platform transaction. */
export function inPlatform<T>(request: FastifyRequest, fn: (ctx: PlatformContext) => Promise<T>): Promise<T> {
  const operator = request.platformOperator;
  if (!operator) throw new Error('inPlatform needs a signed-in operator (platformPage ran first)');
  const app = request.server;
  return withPlatform(
    app.db,
    (trx) =>
      fn({
        operator: { id: operator.id, email: operator.email, name: operator.name },
        trx,
        requestId: request.id,
        ip: request.ip,
        now: app.clock,
      }),
    { requestId: request.id },
  );
}
