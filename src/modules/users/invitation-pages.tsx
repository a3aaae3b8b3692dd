/** /invite/accept: the invited person chooses a password and lands signed in on /app. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { anonymousCsrfToken } from '../../http/csrf.ts';
import { renderPage } from '../../http/render.tsx';
import { setSessionCookie } from '../../http/session-cookie.ts';
import { AppError } from '../../lib/errors.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { acceptInvitation, describeInvitation, type InvitationDetails } from './accept-invitation.ts';
import { ChoosePasswordPage, LinkProblemPage } from './link-views.tsx';

interface AcceptForm {
  token?: string;
  password?: string;
  passwordConfirm?: string;
}

function linkProblem(reply: FastifyReply, err: AppError): FastifyReply {
  return renderPage(
    reply.status(err.status),
    <LinkProblemPage title="This invitation cannot be used" message={err.message} action={{ href: '/login', label: 'Go to sign-in' }} />,
  );
}

function acceptPage(props: { details: InvitationDetails; token: string; csrf: string; errors?: Record<string, string>; message?: string }) {
  return (
    <ChoosePasswordPage
      title={`Join ${props.details.tenantName}`}
      intro={`Welcome, ${props.details.name} (${props.details.email}). Choose a password to finish joining ${props.details.tenantName} on Lastmile.`}
      action="/invite/accept"
      token={props.token}
      csrf={props.csrf}
      submitLabel="Set password and sign in"
      errors={props.errors ?? {}}
      message={props.message}
    />
  );
}

export async function invitationPages(app: FastifyInstance): Promise<void> {
  const deps = (request: { id: string; ip: string; headers: { 'user-agent'?: string | undefined } }) => ({
    db: app.db,
    now: app.clock,
    requestId: request.id,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
  });

  app.get<{ Querystring: { token?: string } }>('/invite/accept', { schema: { hide: true } }, async (request, reply) => {
    const token = request.query.token ?? '';
    try {
      const details = await describeInvitation(deps(request), token);
      const csrf = anonymousCsrfToken(request, reply, app.config.secureCookies);
      return renderPage(reply, acceptPage({ details, token, csrf }));
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return linkProblem(reply, err);
      throw err;
    }
  });

  app.post<{ Body: AcceptForm }>('/invite/accept', { schema: { hide: true } }, async (request, reply) => {
    const body = request.body ?? {};
    const token = body.token ?? '';
    let details: InvitationDetails | undefined;
    try {
      details = await describeInvitation(deps(request), token);
      const result = await acceptInvitation(deps(request), { token, password: body.password ?? '', passwordConfirm: body.passwordConfirm ?? '' });
      setSessionCookie(reply, result.cookie, app.config.secureCookies);
      return reply.redirect('/app', 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      if (err.status !== 422 || !details) return linkProblem(reply, err);
      const csrf = anonymousCsrfToken(request, reply, app.config.secureCookies);
      return renderPage(reply.status(422), acceptPage({ details, token, csrf, errors: fieldMessages(err.fields), message: 'Please fix the highlighted fields.' }));
    }
  });
}
