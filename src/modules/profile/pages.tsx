/**
 * /app/profile: every signed-in staff member's own account (no permission needed). Pages
 * only: the API has no "self", since API keys belong to the company, not to a person.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { renderPage } from '../../http/render.tsx';
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppError } from '../../lib/errors.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { changePassword } from './change-password.ts';
import { getProfile } from './get-profile.ts';
import { ProfilePage, type ProfileForms } from './profile-view.tsx';
import { signOutOtherSessions } from './sign-out-other-sessions.ts';
import { updateProfile } from './update-profile.ts';

const NOTICES: Record<string, string> = {
  name_saved: 'Your name is saved.',
  password_changed: 'Your password is changed. Every other session has been signed out.',
  signed_out_elsewhere: 'You are signed out everywhere else.',
};

const NOTHING_SAVED = 'Please fix the highlighted fields. Nothing was saved.';

type Form = Record<string, unknown> | undefined;
const text = (body: Form, key: string): string => (typeof body?.[key] === 'string' ? body[key] : '');

export async function profilePages(app: FastifyInstance): Promise<void> {
  const show = async (request: FastifyRequest, reply: FastifyReply, forms: ProfileForms = {}, status = 200) => {
    const principal = request.principal as StaffPrincipal;
    const profile = await inTenant(request, (ctx) => getProfile(ctx));
    const key = (request.query as Record<string, unknown>).notice;
    const notice = status === 200 && typeof key === 'string' && Object.hasOwn(NOTICES, key) ? NOTICES[key] : undefined;
    return renderPage(reply.status(status), <ProfilePage principal={principal} profile={profile} forms={forms} notice={notice} showOutbox={app.mailer.usesOutbox} />);
  };

  /** Runs a form's use case: on success redirects with a notice, on a 422 shows the page again. */
  const submit = async (request: FastifyRequest, reply: FastifyReply, run: () => Promise<unknown>, notice: string, onInvalid: (err: AppError) => ProfileForms) => {
    try {
      await run();
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      return show(request, reply, onInvalid(err), 422);
    }
    return reply.redirect(`/app/profile?notice=${notice}`, 303);
  };

  app.get('/app/profile', { schema: { hide: true }, onRequest: staffPage() }, async (request, reply) => show(request, reply));

  app.post<{ Body: Record<string, unknown> }>('/app/profile', { schema: { hide: true }, onRequest: staffPage() }, async (request, reply) => {
    const name = text(request.body, 'name');
    return submit(request, reply, () => inTenant(request, (ctx) => updateProfile(ctx, { name })), 'name_saved', (err) => ({
      name,
      nameErrors: fieldMessages(err.fields),
      nameMessage: NOTHING_SAVED,
    }));
  });

  app.post<{ Body: Record<string, unknown> }>('/app/profile/password', { schema: { hide: true }, onRequest: staffPage() }, async (request, reply) => {
    const { sessionId } = request.principal as StaffPrincipal;
    const input = {
      currentSessionId: sessionId,
      currentPassword: text(request.body, 'currentPassword'),
      newPassword: text(request.body, 'newPassword'),
      newPasswordConfirm: text(request.body, 'newPasswordConfirm'),
    };
    return submit(request, reply, () => inTenant(request, (ctx) => changePassword(ctx, input)), 'password_changed', (err) => ({
      passwordErrors: fieldMessages(err.fields),
      passwordMessage: 'Your password was not changed.',
    }));
  });

  app.post('/app/profile/sessions/sign-out-others', { schema: { hide: true }, onRequest: staffPage() }, async (request, reply) => {
    const { sessionId } = request.principal as StaffPrincipal;
    await inTenant(request, (ctx) => signOutOtherSessions(ctx, { currentSessionId: sessionId }));
    return reply.redirect('/app/profile?notice=signed_out_elsewhere', 303);
  });
}
