/** /forgot-password and /reset-password: a new password by e-mailed link. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { anonymousCsrfToken } from '../../http/csrf.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { BarePage, CsrfField, Field, FormError, fieldMessages } from '../../views/layout.tsx';
import { ChoosePasswordPage, LinkProblemPage } from '../users/link-views.tsx';
import { requestPasswordReset, sendPasswordResets } from './request-password-reset.ts';
import { checkResetLink, resetPassword } from './reset-password.ts';
import { SignInThrottle } from './sign-in-throttle.ts';
import { withMinimumDuration } from '../../lib/minimum-duration.ts';

/** Each request may send mail, so a network gets a handful per quarter hour. */
const forgotThrottle = new SignInThrottle(10);
/** Above the usual time to issue links and write or send the mails. */
const FORGOT_PASSWORD_MIN_MS = 400;

const SENT = 'If an account exists for that email, we have sent a link to reset its password. It works for one hour.';

function ForgotPasswordPage(props: { csrf: string; email?: string | undefined; notice?: string | undefined; message?: string | undefined }) {
  return (
    <BarePage title="Forgot your password?">
      <main class="narrow">
        <h1>Forgot your password?</h1>
        {props.notice ? <p class="notice">{props.notice}</p> : <p>Enter the email you sign in with and we will send you a link to choose a new password.</p>}
        <FormError message={props.message} />
        <form method="post" action="/forgot-password" novalidate>
          <CsrfField token={props.csrf} />
          <Field label="Email" name="email" type="email" value={props.email} required autocomplete="username" />
          <button type="submit">Send reset link</button>
        </form>
        <p class="muted">
          <a href="/login">Back to sign-in</a>
        </p>
      </main>
    </BarePage>
  );
}

interface ResetForm {
  token?: string;
  password?: string;
  passwordConfirm?: string;
}

export async function passwordPages(app: FastifyInstance): Promise<void> {
  const deps = (request: { id: string; ip: string }) => ({ db: app.db, now: app.clock, requestId: request.id, ip: request.ip });

  const linkProblem = (reply: FastifyReply, err: AppError) =>
    renderPage(
      reply.status(err.status),
      <LinkProblemPage title="This link cannot be used" message={err.message} action={{ href: '/forgot-password', label: 'Ask for a new link' }} />,
    );

  const resetForm = (reply: FastifyReply, props: { csrf: string; token: string; errors?: Record<string, string>; message?: string }) =>
    renderPage(
      reply,
      <ChoosePasswordPage
        title="Choose a new password"
        intro="Every device signed in with your old password will be signed out."
        action="/reset-password"
        token={props.token}
        csrf={props.csrf}
        submitLabel="Set new password"
        errors={props.errors ?? {}}
        message={props.message}
      />,
    );

  app.get('/forgot-password', { schema: { hide: true } }, async (request, reply) => {
    const csrf = anonymousCsrfToken(request, reply, app.config.secureCookies);
    return renderPage(reply, <ForgotPasswordPage csrf={csrf} />);
  });

  app.post<{ Body: { email?: string } }>('/forgot-password', { schema: { hide: true } }, async (request, reply) => {
    const email = request.body?.email ?? '';
    const csrf = anonymousCsrfToken(request, reply, app.config.secureCookies);
    const wait = forgotThrottle.hit(request.ip, app.clock());
    if (wait) return renderPage(reply.status(429), <ForgotPasswordPage csrf={csrf} email={email} message={`Too many requests from your network. Try again in ${wait} minutes.`} />);
    // Known and unknown addresses answer after the same time, so timing reveals no account.
    await withMinimumDuration(FORGOT_PASSWORD_MIN_MS, async () => {
      const resets = await requestPasswordReset(deps(request), { email });
      await sendPasswordResets(app.mailer, app.config.publicUrl, resets);
    });
    return renderPage(reply, <ForgotPasswordPage csrf={csrf} notice={SENT} />);
  });

  app.get<{ Querystring: { token?: string } }>('/reset-password', { schema: { hide: true } }, async (request, reply) => {
    const token = request.query.token ?? '';
    try {
      await checkResetLink(deps(request), token);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return linkProblem(reply, err);
      throw err;
    }
    return resetForm(reply, { csrf: anonymousCsrfToken(request, reply, app.config.secureCookies), token });
  });

  app.post<{ Body: ResetForm }>('/reset-password', { schema: { hide: true } }, async (request, reply) => {
    const body = request.body ?? {};
    const token = body.token ?? '';
    try {
      await checkResetLink(deps(request), token);
      await resetPassword(deps(request), { token, password: body.password ?? '', passwordConfirm: body.passwordConfirm ?? '' });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      if (err.status !== 422) return linkProblem(reply, err);
      const csrf = anonymousCsrfToken(request, reply, app.config.secureCookies);
      return resetForm(reply.status(422), { csrf, token, errors: fieldMessages(err.fields), message: 'Please fix the highlighted fields.' });
    }
    return reply.redirect('/login?notice=password_set', 303);
  });
}
