/**
 * Restores a deactivated staff member. Someone who had set a password becomes active again;
 * someone who never accepted their invitation is invited afresh (a new 7-day link).
 */
import { notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { assertMayGrant, assertMayManage } from '../roles/role-rules.ts';
import { findRole } from '../roles/roles-repository.ts';
import type { PendingInvitation } from './invitation-mail.ts';
import { issueUserToken } from './user-tokens-repository.ts';
import { findUser, setUserStatus, tenantName, type UserView } from './users-repository.ts';

export interface ReactivateUserResult {
  user: UserView;
  invitation: PendingInvitation | null;
}

export async function reactivateUser(ctx: TenantContext, input: { userId: string }): Promise<ReactivateUserResult> {
  assertCan(ctx.actor, 'users.manage');
  const user = await findUser(ctx.trx, ctx.tenantId, input.userId, { forUpdate: true });
  if (!user) throw notFound('User');
  assertMayManage(ctx.actor, user);
  if (user.status !== 'deactivated') return { user, invitation: null };
  // Reactivation hands the person's role back, so the same rule applies as assigning it.
  const role = await findRole(ctx.trx, ctx.tenantId, user.roleId);
  if (role) assertMayGrant(ctx.actor, role);

  const hasPassword = await ctx.trx
    .selectFrom('users')
    .select((eb) => eb('password_hash', 'is not', null).as('set'))
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  const now = ctx.now();
  const status = hasPassword.set ? 'active' : 'invited';
  await setUserStatus(ctx.trx, ctx.tenantId, user.id, status, now);
  let invitation: PendingInvitation | null = null;
  if (status === 'invited') {
    const token = await issueUserToken(ctx.trx, ctx.tenantId, user.id, 'invitation', now);
    invitation = { tenantId: ctx.tenantId, tenantName: await tenantName(ctx.trx, ctx.tenantId), to: user.email, name: user.name, invitedBy: ctx.actor.label, token };
  }
  await recordAuditEvent(ctx, { action: 'user.reactivated', entityType: 'user', entityId: user.id, before: { status: user.status }, after: { status } });
  const after = await findUser(ctx.trx, ctx.tenantId, user.id);
  if (!after) throw new Error('user vanished after update');
  return { user: after, invitation };
}
