/**
 * CSRF protection for every state-changing request made with cookies.
 * - Signed-in staff: the token is derived from the session secret (sha256), so it needs no
 *   storage and dies with the session.
 * - Anonymous forms (sign-up, sign-in, password reset): double-submit cookie `lm_csrf`.
 * Requests authenticated by an API key carry no ambient credential and are exempt.
 * The token arrives as the `_csrf` form field or the `x-csrf-token` header (htmx).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.ts';
import { hashSecret, newSecret, safeEqual } from '../lib/tokens.ts';

export const CSRF_COOKIE = 'lm_csrf';

export function sessionCsrfToken(sessionSecret: string): string {
  return hashSecret(`csrf:${sessionSecret}`);
}

/** The token to embed in an anonymous form, setting the cookie when it is missing. */
export function anonymousCsrfToken(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{20,100}$/.test(existing)) return existing;
  const token = newSecret(24);
  void reply.setCookie(CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure });
  request.cookies[CSRF_COOKIE] = token;
  return token;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by whichever session (staff or platform operator) authenticated the request. */
    sessionCsrfToken: string | undefined;
  }
}

export function registerCsrf(app: FastifyInstance): void {
  app.decorateRequest('sessionCsrfToken', undefined);
  app.addHook('preHandler', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (request.principal?.kind === 'api_key') return;
    // API calls without any cookie cannot be forged by a browser on another site.
    if (request.url.startsWith('/api/') && !request.headers.cookie) return;
    const body = request.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? headerToken(request);
    const expected = request.sessionCsrfToken ?? request.cookies[CSRF_COOKIE];
    if (!sent || !expected || !safeEqual(sent, expected)) {
      throw new AppError(
        403,
        'csrf_failed',
        request.url.startsWith('/api/')
          ? 'A request signed in by cookie must send the x-csrf-token header; integrations should use an API key instead'
          : 'This form has expired or did not come from Lastmile. Reload the page and try again.',
      );
    }
  });
}

function headerToken(request: FastifyRequest): string | undefined {
  const value = request.headers['x-csrf-token'];
  return typeof value === 'string' ? value : undefined;
}
