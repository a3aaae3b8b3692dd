/**
 * Deactivates a staff member: they can no longer sign in, every session they hold ends in
 * the same transaction (their next request is anonymous), and unused links are voided.
 */
import { conflict, notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { deleteUserSessions } from '../auth/sessions-repository.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { assertMayManage } from '../roles/role-rules.ts';
import { voidUserTokens } from './user-tokens-repository.ts';
import { findUser, setUserStatus, type UserView } from './users-repository.ts';

export async function deactivateUser(ctx: TenantContext, input: { userId: string }): Promise<UserView> {
  assertCan(ctx.actor, 'users.manage');
  const user = await findUser(ctx.trx, ctx.tenantId, input.userId, { forUpdate: true });
  if (!user) throw notFound('User');
  if (ctx.actor.type === 'user' && ctx.actor.id === user.id) throw conflict('cannot_deactivate_self', 'You cannot deactivate your own account');
  assertMayManage(ctx.actor, user);
  if (user.status === 'deactivated') return user;

  const now = ctx.now();
  await setUserStatus(ctx.trx, ctx.tenantId, user.id, 'deactivated', now);
  await deleteUserSessions(ctx.trx, ctx.tenantId, user.id);
  await voidUserTokens(ctx.trx, ctx.tenantId, user.id, now);
  await recordAuditEvent(ctx, { action: 'user.deactivated', entityType: 'user', entityId: user.id, before: { status: user.status }, after: { status: 'deactivated' } });
  const after = await findUser(ctx.trx, ctx.tenantId, user.id);
  if (!after) throw new Error('user vanished after update');
  return after;
}
