/** Ends the operator's current session. */
import type { PlatformContext } from './platform-context.ts';
import { deletePlatformSession } from './platform-sessions-repository.ts';
import { recordPlatformAuditEvent } from './record-platform-audit-event.ts';

export async function signOutOperator(ctx: PlatformContext, input: { sessionId: string }): Promise<void> {
  await deletePlatformSession(ctx.trx, input.sessionId);
  await recordPlatformAuditEvent(ctx.trx, {
    action: 'platform.signed_out',
    adminId: ctx.operator.id,
    occurredAt: ctx.now(),
    ip: ctx.ip,
    requestId: ctx.requestId,
  });
}
