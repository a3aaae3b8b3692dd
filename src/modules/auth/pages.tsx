/** /login and /logout for staff. */
import type { FastifyInstance } from 'fastify';
import { anonymousCsrfToken } from '../../http/csrf.ts';
import { renderPage } from '../../http/render.tsx';
import { clearSessionCookie, safeNext, setSessionCookie } from '../../http/session-cookie.ts';
import { parseTenantToken } from '../../lib/tokens.ts';
import { withTenant } from '../../db/tenancy.ts';
import { AppError } from '../../lib/errors.ts';
import { BarePage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { SESSION_COOKIE } from '../../http/authenticate.ts';
import { deleteSessionBySecret } from './sessions-repository.ts';
import { signIn } from './sign-in.ts';
import { signInThrottle } from './sign-in-throttle.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';

interface LoginForm {
  email?: string;
  password?: string;
  company?: string;
  next?: string;
}

function LoginPage(props: {
  csrf: string;
  email?: string | undefined;
  next: string;
  message?: string | undefined;
  notice?: string | undefined;
  companies?: { slug: string; name: string }[];
}) {
  return (
    <BarePage title="Sign in">
      <main class="narrow">
        <h1>Sign in to Lastmile</h1>
        {props.notice ? <p class="notice">{props.notice}</p> : null}
        <FormError message={props.message} />
        <form method="post" action="/login" novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="next" value={props.next} />
          <Field label="Email" name="email" type="email" value={props.email} required autocomplete="username" />
          <Field label="Password" name="password" type="password" required autocomplete="current-password" />
          {props.companies ? (
            <div class="field">
              <label for="f-company">Company</label>
              <select id="f-company" name="company">
                {props.companies.map((c) => (
                  <option value={c.slug}>{c.name}</option>
                ))}
              </select>
              <small class="muted">This email belongs to staff at more than one company. Pick one and enter the password again.</small>
            </div>
          ) : null}
          <button type="submit">Sign in</button>
        </form>
        <p class="muted">
          <a href="/forgot-password">Forgot your password?</a> · New here? <a href="/signup">Create a company</a>
        </p>
      </main>
    </BarePage>
  );
}

export async function authPages(app: FastifyInstance): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/app'));

  app.get<{ Querystring: { next?: string; notice?: string } }>('/login', { schema: { hide: true } }, async (request, reply) => {
    const csrf = anonymousCsrfToken(request, reply, app.config.secureCookies);
    const notice = request.query.notice === 'signed_out' ? 'You have signed out.' : request.query.notice === 'password_set' ? 'Your password is set. Sign in with it now.' : undefined;
    return renderPage(reply, <LoginPage csrf={csrf} next={safeNext(request.query.next)} notice={notice} />);
  });

  app.post<{ Body: LoginForm }>('/login', { schema: { hide: true } }, async (request, reply) => {
    const body = request.body ?? {};
    const next = safeNext(body.next);
    const csrf = anonymousCsrfToken(request, reply, app.config.secureCookies);
    const fail = (status: number, message: string, companies?: { slug: string; name: string }[]) =>
      renderPage(reply.status(status), <LoginPage csrf={csrf} email={body.email} next={next} message={message} companies={companies} />);

    const throttled = signInThrottle.hit(request.ip, app.clock());
    if (throttled) return fail(429, `Too many sign-in attempts from your network. Try again in ${throttled} minutes.`);
    try {
      const result = await signIn(
        { db: app.db, now: app.clock, requestId: request.id },
        { email: body.email ?? '', password: body.password ?? '', tenantSlug: body.company || undefined, ip: request.ip, userAgent: request.headers['user-agent'] },
      );
      if (result.kind === 'choose_company') return fail(200, 'Choose the company to sign in to.', result.companies);
      setSessionCookie(reply, result.cookie, app.config.secureCookies);
      return reply.redirect(next, 303);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return fail(err.status, err.message);
      throw err;
    }
  });

  app.post('/logout', { schema: { hide: true } }, async (request, reply) => {
    const token = parseTenantToken(request.cookies[SESSION_COOKIE]);
    const principal = request.principal;
    if (token && principal?.kind === 'staff') {
      await withTenant(app.db, token.tenantId, async (trx) => {
        await deleteSessionBySecret(trx, token.tenantId, token.secret);
        await recordAuditEvent(
          { tenantId: token.tenantId, trx, actor: principal.actor, requestId: request.id, ip: request.ip, now: app.clock },
          { action: 'auth.signed_out', entityType: 'user', entityId: principal.userId },
        );
      });
    }
    clearSessionCookie(reply);
    return reply.redirect('/login?notice=signed_out', 303);
  });
}
