/** "Sign out everywhere else": ends every session of the caller except the one asking. */
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { TenantContext } from '../context.ts';
import { ownUserId } from './own-user.ts';
import { deleteOtherSessions } from './profile-repository.ts';

export interface SignOutOtherSessionsInput {
  currentSessionId: string;
}

/** Returns how many sessions ended; none ending writes nothing. */
export async function signOutOtherSessions(ctx: TenantContext, input: SignOutOtherSessionsInput): Promise<number> {
  const userId = ownUserId(ctx);
  const ended = await deleteOtherSessions(ctx.trx, ctx.tenantId, userId, input.currentSessionId);
  if (ended > 0) await recordAuditEvent(ctx, { action: 'auth.signed_out_elsewhere', entityType: 'user', entityId: userId, after: { sessionsEnded: ended } });
  return ended;
}
