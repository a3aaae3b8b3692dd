/**
 * Changes the caller's own password. The current password must be given, so a borrowed
 * or stolen session cannot take the account over. On success every other session of the
 * user ends (whoever else held the old password is out) while this one stays, and any
 * password reset link still in a mailbox stops working.
 */
import { AppError, notFound } from '../../lib/errors.ts';
import { checkPasswordRules, hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { TenantContext } from '../context.ts';
import { voidUserTokens } from '../users/user-tokens-repository.ts';
import { setUserPassword } from '../users/users-repository.ts';
import { ownUserId } from './own-user.ts';
import { deleteOtherSessions, lockOwnPassword } from './profile-repository.ts';

export interface ChangePasswordInput {
  /** The session making the change; it stays signed in. */
  currentSessionId: string;
  currentPassword: string;
  newPassword: string;
  newPasswordConfirm: string;
}

/** Returns how many other sessions were ended. */
export async function changePassword(ctx: TenantContext, input: ChangePasswordInput): Promise<{ otherSessionsEnded: number }> {
  const userId = ownUserId(ctx);
  const user = await lockOwnPassword(ctx.trx, ctx.tenantId, userId);
  if (!user) throw notFound('User');

  const current = typeof input.currentPassword === 'string' ? input.currentPassword : '';
  const next = typeof input.newPassword === 'string' ? input.newPassword : '';
  const problems = new Problems();
  let currentOk = false;
  if (current === '') problems.add('currentPassword', 'required', 'Enter your current password');
  else {
    currentOk = await verifyPassword(user.passwordHash, current);
    if (!currentOk) problems.add('currentPassword', 'incorrect', 'Current password is incorrect');
  }
  try {
    checkPasswordRules(next, 'newPassword');
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    problems.list.push(...err.fields);
  }
  if (next !== '' && input.newPasswordConfirm !== next) problems.add('newPasswordConfirm', 'mismatch', 'The two new passwords do not match');
  if (currentOk && next === current) problems.add('newPassword', 'unchanged', 'Choose a password different from the current one');
  problems.throwIfAny();

  const now = ctx.now();
  await setUserPassword(ctx.trx, ctx.tenantId, userId, await hashPassword(next), now);
  await voidUserTokens(ctx.trx, ctx.tenantId, userId, now, 'password_reset');
  const otherSessionsEnded = await deleteOtherSessions(ctx.trx, ctx.tenantId, userId, input.currentSessionId);
  // Only the fact of the change: never a hash, old or new.
  await recordAuditEvent(ctx, { action: 'user.password_changed', entityType: 'user', entityId: userId, after: { otherSessionsEnded } });
  return { otherSessionsEnded };
}
