/**
 * "Forgot your password?": for every company where the address belongs to an ACTIVE staff
 * member, a one-hour reset link is issued in that company's own transaction. The platform
 * path returns tenant ids only. The caller answers the same whatever happens and e-mails
 * the links after the commits, so the response never reveals who has an account.
 */
import type { Database } from '../../db/database.ts';
import { withPlatform, withTenant } from '../../db/tenancy.ts';
import { normaliseEmail } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { Mailer } from '../mail/mailer.ts';
import { issueUserToken } from '../users/user-tokens-repository.ts';

export interface PasswordResetDeps {
  db: Database;
  now: () => Date;
  requestId?: string | undefined;
  ip?: string | undefined;
}

export interface PendingReset {
  tenantId: string;
  tenantName: string;
  to: string;
  name: string;
  token: string;
}

export async function requestPasswordReset(deps: PasswordResetDeps, input: { email: string }): Promise<PendingReset[]> {
  const email = normaliseEmail(input.email);
  if (!email || email.length > 254) return [];
  const tenantIds = await withPlatform(deps.db, async (trx) =>
    (
      await trx
        .selectFrom('users')
        .select('tenant_id')
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
        .where('status', '=', 'active')
        .execute()
    ).map((r) => r.tenant_id),
  );
  const pending: PendingReset[] = [];
  for (const tenantId of tenantIds) {
    const reset = await withTenant(
      deps.db,
      tenantId,
      async (trx): Promise<PendingReset | undefined> => {
        const user = await trx
          .selectFrom('users as u')
          .innerJoin('tenants as t', 't.id', 'u.tenant_id')
          .select(['u.id', 'u.name', 'u.email', 't.name as tenantName', 't.status as tenantStatus'])
          .where('u.tenant_id', '=', tenantId)
          .where((eb) => eb(eb.fn('lower', ['u.email']), '=', email))
          .where('u.status', '=', 'active')
          .executeTakeFirst();
        // A suspended company's staff cannot sign in, so a new password would not help them.
        if (!user || user.tenantStatus !== 'active') return undefined;
        const now = deps.now();
        const token = await issueUserToken(trx, tenantId, user.id, 'password_reset', now);
        await recordAuditEvent(
          { tenantId, trx, now: deps.now, requestId: deps.requestId, ip: deps.ip, actor: { type: 'anonymous', id: null, label: email, isOwner: false, permissions: new Set() } },
          { action: 'auth.password_reset_requested', entityType: 'user', entityId: user.id },
        );
        return { tenantId, tenantName: user.tenantName, to: user.email, name: user.name, token };
      },
      { requestId: deps.requestId },
    );
    if (reset) pending.push(reset);
  }
  return pending;
}

export async function sendPasswordResets(mailer: Mailer, publicUrl: string, resets: PendingReset[]): Promise<void> {
  for (const reset of resets) {
    await mailer.send({
      tenantId: reset.tenantId,
      to: reset.to,
      subject: `Reset your Lastmile password for ${reset.tenantName}`,
      text: [
        `Hello ${reset.name},`,
        '',
        `Someone asked to reset the password of your ${reset.tenantName} account on Lastmile.`,
        'Open this link within one hour to choose a new password:',
        '',
        `${publicUrl}/reset-password?token=${encodeURIComponent(reset.token)}`,
        '',
        'If it was not you, ignore this e-mail: your password stays as it is.',
      ].join('\n'),
    });
  }
}
