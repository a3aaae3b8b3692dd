/** /signup: a new ISP company and its owner, signed in at the end. */
import type { FastifyInstance } from 'fastify';
import { anonymousCsrfToken } from '../../http/csrf.ts';
import { renderPage } from '../../http/render.tsx';
import { setSessionCookie } from '../../http/session-cookie.ts';
import { withTenant } from '../../db/tenancy.ts';
import { AppError } from '../../lib/errors.ts';
import { BarePage, CsrfField, Field, FormError, fieldMessages } from '../../views/layout.tsx';
import { createSession } from '../auth/sessions-repository.ts';
import { signUpCompany, type SignUpInput } from './sign-up-company.ts';

type SignUpForm = Partial<Record<keyof SignUpInput, string>>;

function SignUpPage(props: { csrf: string; values: SignUpForm; errors: Record<string, string>; message?: string }) {
  const v = props.values;
  return (
    <BarePage title="Sign up">
      <main class="narrow">
        <h1>Start your ISP on Lastmile</h1>
        <FormError message={props.message} />
        <form method="post" action="/signup" novalidate>
          <CsrfField token={props.csrf} />
          <Field label="Company name" name="companyName" value={v.companyName} error={props.errors.companyName} required autocomplete="organization" />
          <Field label="Your name" name="ownerName" value={v.ownerName} error={props.errors.ownerName} required autocomplete="name" />
          <Field label="Email" name="email" type="email" value={v.email} error={props.errors.email} required autocomplete="email" />
          <Field label="Password" name="password" type="password" error={props.errors.password} required autocomplete="new-password" hint="At least 10 characters" />
          <button type="submit">Create company</button>
        </form>
        <p class="muted">
          Already on Lastmile? <a href="/login">Sign in</a>
        </p>
      </main>
    </BarePage>
  );
}

export async function tenantPages(app: FastifyInstance): Promise<void> {
  app.get('/signup', { schema: { hide: true } }, async (request, reply) => {
    const csrf = anonymousCsrfToken(request, reply, app.config.secureCookies);
    return renderPage(reply, <SignUpPage csrf={csrf} values={{}} errors={{}} />);
  });

  app.post<{ Body: SignUpForm }>('/signup', { schema: { hide: true } }, async (request, reply) => {
    const body = request.body ?? {};
    const input: SignUpInput = {
      companyName: body.companyName ?? '',
      ownerName: body.ownerName ?? '',
      email: body.email ?? '',
      password: body.password ?? '',
    };
    try {
      const result = await signUpCompany({ db: app.db, now: app.clock, requestId: request.id, ip: request.ip }, input);
      const cookie = await withTenant(app.db, result.tenantId, (trx) =>
        createSession(trx, { tenantId: result.tenantId, userId: result.userId, ip: request.ip, userAgent: request.headers['user-agent'], now: app.clock() }),
      );
      setSessionCookie(reply, cookie, app.config.secureCookies);
      return reply.redirect('/app', 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      const csrf = anonymousCsrfToken(request, reply, app.config.secureCookies);
      const { password: _omit, ...kept } = body;
      return renderPage(reply.status(422), <SignUpPage csrf={csrf} values={kept} errors={fieldMessages(err.fields)} message="Please fix the highlighted fields." />);
    }
  });
}
