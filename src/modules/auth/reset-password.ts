/**
 * Sets a new password from a reset link: the token is spent, every session of the user ends
 * (whoever held the old password is out), and any lockout is cleared.
 */
import { withTenant } from '../../db/tenancy.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { parseTenantToken } from '../../lib/tokens.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { checkNewPassword, invalidLink, resolveLink } from '../users/one-time-link.ts';
import { markTokenUsed, voidUserTokens } from '../users/user-tokens-repository.ts';
import { setUserPassword } from '../users/users-repository.ts';
import type { PasswordResetDeps } from './request-password-reset.ts';
import { deleteUserSessions } from './sessions-repository.ts';

export interface ResetPasswordInput {
  token: string | undefined;
  password: string;
  passwordConfirm: string;
}

/** Checks the link is usable (for showing the form); throws the same errors as resetPassword. */
export async function checkResetLink(deps: PasswordResetDeps, rawToken: string | undefined): Promise<void> {
  const parsed = parseTenantToken(rawToken);
  if (!parsed) throw invalidLink('password_reset');
  await withTenant(deps.db, parsed.tenantId, (trx) => resolveLink(trx, parsed.tenantId, parsed.secret, 'password_reset', deps.now()), {
    requestId: deps.requestId,
  });
}

export async function resetPassword(deps: PasswordResetDeps, input: ResetPasswordInput): Promise<void> {
  const parsed = parseTenantToken(input.token);
  if (!parsed) throw invalidLink('password_reset');
  const password = checkNewPassword(input.password, input.passwordConfirm);
  const passwordHash = await hashPassword(password);
  const { tenantId } = parsed;
  await withTenant(
    deps.db,
    tenantId,
    async (trx) => {
      const now = deps.now();
      const token = await resolveLink(trx, tenantId, parsed.secret, 'password_reset', now, { forUpdate: true });
      const user = await trx
        .selectFrom('users')
        .select(['id', 'name', 'status'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', token.userId)
        .forUpdate()
        .executeTakeFirst();
      // Deactivation voids links, so this only happens if the user changed in between.
      if (!user || user.status !== 'active') throw invalidLink('password_reset');

      await setUserPassword(trx, tenantId, user.id, passwordHash, now);
      await markTokenUsed(trx, tenantId, token.id, now);
      await voidUserTokens(trx, tenantId, user.id, now, 'password_reset');
      await deleteUserSessions(trx, tenantId, user.id);
      await recordAuditEvent(
        { tenantId, trx, now: deps.now, requestId: deps.requestId, ip: deps.ip, actor: { type: 'user', id: user.id, label: user.name, isOwner: false, permissions: new Set() } },
        { action: 'auth.password_reset', entityType: 'user', entityId: user.id, after: { sessionsEnded: true, lockoutCleared: true } },
      );
    },
    { requestId: deps.requestId },
  );
}
