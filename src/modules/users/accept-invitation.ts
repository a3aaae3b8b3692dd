/**
 * The invited person opens their link, chooses a password and is signed in. The tenant comes
 * from the link itself, so the whole lookup runs under that tenant's RLS.
 */
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenancy.ts';
import { AppError } from '../../lib/errors.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { parseTenantToken } from '../../lib/tokens.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { createSession } from '../auth/sessions-repository.ts';
import type { TenantContext } from '../context.ts';
import { checkNewPassword, invalidLink, resolveLink } from './one-time-link.ts';
import { markTokenUsed, voidUserTokens } from './user-tokens-repository.ts';
import { setUserPassword } from './users-repository.ts';

export interface LinkDeps {
  db: Database;
  now: () => Date;
  requestId?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface InvitationDetails {
  tenantName: string;
  name: string;
  email: string;
}

const suspended = () => new AppError(403, 'tenant_suspended', 'This company’s account is suspended. Contact the Lastmile operator to restore access.');

async function invitee(ctx: Pick<TenantContext, 'trx' | 'tenantId'>, userId: string, options: { forUpdate: boolean }) {
  const query = ctx.trx
    .selectFrom('users as u')
    .innerJoin('tenants as t', 't.id', 'u.tenant_id')
    .select(['u.id', 'u.name', 'u.email', 'u.status', 't.name as tenantName', 't.status as tenantStatus'])
    .where('u.tenant_id', '=', ctx.tenantId)
    .where('u.id', '=', userId);
  return (options.forUpdate ? query.forUpdate('u') : query).executeTakeFirst();
}

/** What the accept page shows before the password is chosen. */
export async function describeInvitation(deps: LinkDeps, rawToken: string | undefined): Promise<InvitationDetails> {
  const parsed = parseTenantToken(rawToken);
  if (!parsed) throw invalidLink('invitation');
  return withTenant(
    deps.db,
    parsed.tenantId,
    async (trx) => {
      const token = await resolveLink(trx, parsed.tenantId, parsed.secret, 'invitation', deps.now());
      const user = await invitee({ trx, tenantId: parsed.tenantId }, token.userId, { forUpdate: false });
      if (!user || user.status !== 'invited') throw new AppError(410, 'invitation_used', 'This invitation has already been accepted or was withdrawn.');
      if (user.tenantStatus !== 'active') throw suspended();
      return { tenantName: user.tenantName, name: user.name, email: user.email };
    },
    { requestId: deps.requestId },
  );
}

export interface AcceptInvitationInput {
  token: string | undefined;
  password: string;
  passwordConfirm: string;
}

export interface AcceptInvitationResult {
  tenantId: string;
  userId: string;
  /** Session cookie value: the person is signed in. */
  cookie: string;
}

export async function acceptInvitation(deps: LinkDeps, input: AcceptInvitationInput): Promise<AcceptInvitationResult> {
  const parsed = parseTenantToken(input.token);
  if (!parsed) throw invalidLink('invitation');
  const password = checkNewPassword(input.password, input.passwordConfirm);
  const passwordHash = await hashPassword(password);
  const { tenantId } = parsed;
  return withTenant(
    deps.db,
    tenantId,
    async (trx) => {
      const now = deps.now();
      const token = await resolveLink(trx, tenantId, parsed.secret, 'invitation', now, { forUpdate: true });
      const user = await invitee({ trx, tenantId }, token.userId, { forUpdate: true });
      if (!user || user.status !== 'invited') throw new AppError(410, 'invitation_used', 'This invitation has already been accepted or was withdrawn.');
      if (user.tenantStatus !== 'active') throw suspended();

      await setUserPassword(trx, tenantId, user.id, passwordHash, now);
      await trx.updateTable('users').set({ status: 'active', last_sign_in_at: now }).where('tenant_id', '=', tenantId).where('id', '=', user.id).execute();
      await markTokenUsed(trx, tenantId, token.id, now);
      await voidUserTokens(trx, tenantId, user.id, now, 'invitation');
      const ctx: TenantContext = {
        tenantId,
        trx,
        now: deps.now,
        requestId: deps.requestId,
        ip: deps.ip,
        actor: { type: 'user', id: user.id, label: user.name, isOwner: false, permissions: new Set() },
      };
      await recordAuditEvent(ctx, { action: 'user.invitation_accepted', entityType: 'user', entityId: user.id, before: { status: 'invited' }, after: { status: 'active' } });
      const cookie = await createSession(trx, { tenantId, userId: user.id, ip: deps.ip, userAgent: deps.userAgent, now });
      await recordAuditEvent(ctx, { action: 'auth.signed_in', entityType: 'user', entityId: user.id });
      return { tenantId, userId: user.id, cookie };
    },
    { requestId: deps.requestId },
  );
}
