/**
 * Invites a staff member: a user with status 'invited' and no password, plus a one-time
 * invitation link valid for 7 days. The caller e-mails the link after the commit.
 */
import { Problems, checkEmail, checkRequiredText, cleanText, normaliseEmail } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { assertMayGrant } from '../roles/role-rules.ts';
import { findRole } from '../roles/roles-repository.ts';
import type { PendingInvitation } from './invitation-mail.ts';
import { issueUserToken } from './user-tokens-repository.ts';
import { emailTaken, findUser, tenantName, type UserView } from './users-repository.ts';

export interface InviteUserInput {
  name: string;
  email: string;
  roleId: string;
}

export interface InviteUserResult {
  user: UserView;
  invitation: PendingInvitation;
}

export async function inviteUser(ctx: TenantContext, input: InviteUserInput): Promise<InviteUserResult> {
  assertCan(ctx.actor, 'users.manage');
  const name = cleanText(input.name);
  const email = normaliseEmail(input.email);
  const problems = new Problems();
  checkRequiredText(problems, 'name', 'Name', name);
  checkEmail(problems, 'email', email);
  // Emails are unique within one company only; the same person may work for another ISP.
  if (email && (await emailTaken(ctx.trx, ctx.tenantId, email))) problems.add('email', 'taken', 'Someone on the team already uses this email');
  const role = typeof input.roleId === 'string' ? await findRole(ctx.trx, ctx.tenantId, input.roleId) : undefined;
  if (!role) problems.add('roleId', input.roleId ? 'unknown' : 'required', 'Choose a role');
  problems.throwIfAny();
  if (!role) throw new Error('unreachable: role checked above');
  assertMayGrant(ctx.actor, role);

  const now = ctx.now();
  const inserted = await ctx.trx
    .insertInto('users')
    .values({
      tenant_id: ctx.tenantId,
      email,
      name,
      password_hash: null,
      role_id: role.id,
      status: 'invited',
      locked_until: null,
      last_sign_in_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = await issueUserToken(ctx.trx, ctx.tenantId, inserted.id, 'invitation', now);
  await recordAuditEvent(ctx, {
    action: 'user.invited',
    entityType: 'user',
    entityId: inserted.id,
    after: { name, email, roleId: role.id, roleName: role.name, status: 'invited' },
  });
  const user = await findUser(ctx.trx, ctx.tenantId, inserted.id);
  if (!user) throw new Error('user vanished after insert');
  return {
    user,
    invitation: { tenantId: ctx.tenantId, tenantName: await tenantName(ctx.trx, ctx.tenantId), to: email, name, invitedBy: ctx.actor.label, token },
  };
}
