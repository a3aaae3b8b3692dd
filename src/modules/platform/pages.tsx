/** /platform: operator sign-in and the console (tenants, suspend, reactivate, activity). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anonymousCsrfToken } from '../../http/csrf.ts';
import {
  clearPlatformCookie,
  inPlatform,
  platformPage,
  registerPlatformAuthentication,
  safePlatformNext,
  setPlatformCookie,
  type PlatformOperator,
} from '../../http/platform-auth.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { SignInThrottle } from '../auth/sign-in-throttle.ts';
import { listRecentPlatformAudit } from './record-platform-audit-event.ts';
import { reactivateTenant } from './reactivate-tenant.ts';
import { signInOperator } from './sign-in-operator.ts';
import { signOutOperator } from './sign-out-operator.ts';
import { suspendTenant } from './suspend-tenant.ts';
import { listTenantsOverview } from './tenants-overview.ts';
import { ConsolePage, PlatformLoginPage, type RowError } from './views.tsx';
import { ownValue } from '../../lib/own-value.ts';

const RECENT_AUDIT = 25;

const NOTICES: Record<string, string> = {
  suspended: 'Tenant suspended. Its staff and API keys are refused until it is reactivated.',
  reactivated: 'Tenant reactivated. Its staff and API keys work again.',
};

interface LoginForm {
  email?: string;
  password?: string;
  next?: string;
}

export async function platformPages(app: FastifyInstance): Promise<void> {
  registerPlatformAuthentication(app);
  // Operators get their own per-IP allowance, separate from staff sign-in.
  const throttle = new SignInThrottle();

  app.get<{ Querystring: { next?: string; notice?: string } }>('/platform/login', { schema: { hide: true } }, async (request, reply) => {
    if (request.platformOperator) return reply.redirect('/platform', 303);
    const csrf = anonymousCsrfToken(request, reply, app.config.secureCookies);
    const notice = request.query.notice === 'signed_out' ? 'You have signed out.' : undefined;
    return renderPage(reply, <PlatformLoginPage csrf={csrf} next={safePlatformNext(request.query.next)} notice={notice} />);
  });

  app.post<{ Body: LoginForm }>('/platform/login', { schema: { hide: true } }, async (request, reply) => {
    const body = request.body ?? {};
    const next = safePlatformNext(body.next);
    const csrf = anonymousCsrfToken(request, reply, app.config.secureCookies);
    const fail = (status: number, message: string) =>
      renderPage(reply.status(status), <PlatformLoginPage csrf={csrf} email={body.email} next={next} message={message} />);

    const wait = throttle.hit(request.ip, app.clock());
    if (wait) return fail(429, `Too many sign-in attempts from your network. Try again in ${wait} minutes.`);
    try {
      const secret = await signInOperator(
        { db: app.db, now: app.clock, requestId: request.id },
        { email: body.email ?? '', password: body.password ?? '', ip: request.ip },
      );
      setPlatformCookie(reply, secret, app.config.secureCookies);
      return reply.redirect(next, 303);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return fail(err.status, err.message);
      throw err;
    }
  });

  app.post('/platform/logout', { schema: { hide: true } }, async (request, reply) => {
    const operator = request.platformOperator;
    if (operator) await inPlatform(request, (ctx) => signOutOperator(ctx, { sessionId: operator.sessionId }));
    clearPlatformCookie(reply);
    return reply.redirect('/platform/login?notice=signed_out', 303);
  });

  app.get<{ Querystring: { cursor?: string; notice?: string } }>(
    '/platform',
    { schema: { hide: true }, preHandler: platformPage },
    async (request, reply) => renderConsole(request, reply, { cursor: request.query.cursor, notice: ownValue(NOTICES, request.query.notice) }),
  );

  app.post<{ Params: { id: string }; Body: { reason?: string } }>(
    '/platform/tenants/:id/suspend',
    { schema: { hide: true }, preHandler: platformPage },
    async (request, reply) => {
      const reason = typeof request.body?.reason === 'string' ? request.body.reason : '';
      try {
        await inPlatform(request, (ctx) => suspendTenant(ctx, { tenantId: request.params.id, reason }));
      } catch (err) {
        if (err instanceof AppError && err.status === 422) {
          const message = err.fields[0]?.message ?? err.message;
          return renderConsole(request, reply.status(422), { rowError: { tenantId: request.params.id, message, reason } });
        }
        throw err;
      }
      return reply.redirect('/platform?notice=suspended', 303);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/platform/tenants/:id/reactivate',
    { schema: { hide: true }, preHandler: platformPage },
    async (request, reply) => {
      await inPlatform(request, (ctx) => reactivateTenant(ctx, { tenantId: request.params.id }));
      return reply.redirect('/platform?notice=reactivated', 303);
    },
  );
}

async function renderConsole(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { cursor?: string | undefined; notice?: string | undefined; rowError?: RowError },
): Promise<FastifyReply> {
  const { overview, audit } = await inPlatform(request, async (ctx) => ({
    overview: await listTenantsOverview(ctx.trx, { cursor: options.cursor }),
    audit: await listRecentPlatformAudit(ctx.trx, RECENT_AUDIT),
  }));
  return renderPage(
    reply,
    <ConsolePage
      operator={request.platformOperator as PlatformOperator}
      overview={overview}
      audit={audit}
      notice={options.notice}
      rowError={options.rowError}
      firstPage={!options.cursor}
    />,
  );
}
