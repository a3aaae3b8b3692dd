/** /app/team: see the team (users.read); invite, change roles, deactivate (users.manage). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { fieldMessages } from '../../views/layout.tsx';
import type { UserStatus } from '../../db/schema.ts';
import { can } from '../context.ts';
import { changeUserRole } from './change-user-role.ts';
import { deactivateUser } from './deactivate-user.ts';
import { sendInvitation } from './invitation-mail.ts';
import { inviteUser } from './invite-user.ts';
import { assignableRoles, listStaff } from './list-users.ts';
import { reactivateUser } from './reactivate-user.ts';
import { TeamPage, type InviteValues } from './team-views.tsx';
import { ownValue } from '../../lib/own-value.ts';
import { firstText as text } from '../../http/form-values.ts';

const PAGE_SIZE = 50;

const NOTICES: Record<string, string> = {
  invited: 'Invitation sent.',
  role_changed: 'Role changed. It applies from their next click.',
  deactivated: 'Deactivated. They have been signed out everywhere.',
  reactivated: 'Reactivated.',
  reinvited: 'Reactivated. They have been sent a new invitation.',
};

interface TeamQuery {
  q?: string;
  status?: string;
  cursor?: string;
  notice?: string;
}


function asStatus(value: string | undefined): UserStatus | undefined {
  return value === 'invited' || value === 'active' || value === 'deactivated' ? value : undefined;
}

async function renderTeam(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { query: TeamQuery; invite?: TeamPageInvite; status?: number },
): Promise<FastifyReply> {
  const principal = request.principal as StaffPrincipal;
  const canManage = can(principal.actor, 'users.manage');
  const q = (text(options.query.q) ?? '').slice(0, 200);
  const status = asStatus(text(options.query.status));
  const data = await inTenant(request, async (ctx) => ({
    page: await listStaff(ctx, { q, status, limit: PAGE_SIZE, cursor: text(options.query.cursor) }),
    roles: canManage ? await assignableRoles(ctx) : [],
  }));
  return renderPage(
    reply.status(options.status ?? 200),
    <TeamPage
      principal={principal}
      users={data.page.items}
      nextCursor={data.page.nextCursor}
      q={q}
      status={status ?? ''}
      roles={data.roles}
      canManage={canManage}
      notice={ownValue(NOTICES, text(options.query.notice))}
      invite={options.invite ?? { values: {}, errors: {} }}
      showOutbox={request.server.mailer.usesOutbox}
    />,
  );
}

interface TeamPageInvite {
  values: InviteValues;
  errors: Record<string, string>;
  message?: string;
}

export async function usersPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: TeamQuery }>('/app/team', { schema: { hide: true }, onRequest: staffPage('users.read') }, async (request, reply) =>
    renderTeam(request, reply, { query: request.query }),
  );

  app.post<{ Body: InviteValues }>('/app/team/invite', { schema: { hide: true }, onRequest: staffPage('users.manage') }, async (request, reply) => {
    const body = request.body ?? {};
    const values = { name: body.name ?? '', email: body.email ?? '', roleId: body.roleId ?? '' };
    try {
      const result = await inTenant(request, (ctx) => inviteUser(ctx, values));
      await sendInvitation(app.mailer, app.config.publicUrl, result.invitation);
      return reply.redirect('/app/team?notice=invited', 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 422) throw err;
      return renderTeam(request, reply, {
        query: {},
        status: 422,
        invite: { values, errors: fieldMessages(err.fields), message: 'Please fix the highlighted fields.' },
      });
    }
  });

  app.post<{ Params: { id: string }; Body: { roleId?: string } }>(
    '/app/team/:id/role',
    { schema: { hide: true }, onRequest: staffPage('users.manage') },
    async (request, reply) => {
      await inTenant(request, (ctx) => changeUserRole(ctx, { userId: request.params.id, roleId: request.body?.roleId ?? '' }));
      return reply.redirect('/app/team?notice=role_changed', 303);
    },
  );

  app.post<{ Params: { id: string } }>('/app/team/:id/deactivate', { schema: { hide: true }, onRequest: staffPage('users.manage') }, async (request, reply) => {
    await inTenant(request, (ctx) => deactivateUser(ctx, { userId: request.params.id }));
    return reply.redirect('/app/team?notice=deactivated', 303);
  });

  app.post<{ Params: { id: string } }>('/app/team/:id/reactivate', { schema: { hide: true }, onRequest: staffPage('users.manage') }, async (request, reply) => {
    const result = await inTenant(request, (ctx) => reactivateUser(ctx, { userId: request.params.id }));
    if (result.invitation) await sendInvitation(app.mailer, app.config.publicUrl, result.invitation);
    return reply.redirect(`/app/team?notice=${result.invitation ? 'reinvited' : 'reactivated'}`, 303);
  });
}
