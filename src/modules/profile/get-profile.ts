/** What the profile page shows: the account, its live sessions, and the zone to show times in. */
import { notFound } from '../../lib/errors.ts';
import type { TenantContext } from '../context.ts';
import { findZone } from '../settings/settings-repository.ts';
import { ownUserId } from './own-user.ts';
import { findOwnAccount, listOwnSessions, type OwnAccount, type OwnSession } from './profile-repository.ts';

export interface Profile {
  account: OwnAccount;
  sessions: OwnSession[];
  timeZone: string;
  locale: string;
}

export async function getProfile(ctx: TenantContext): Promise<Profile> {
  const userId = ownUserId(ctx);
  const account = await findOwnAccount(ctx.trx, ctx.tenantId, userId);
  if (!account) throw notFound('User');
  const sessions = await listOwnSessions(ctx.trx, ctx.tenantId, userId, ctx.now());
  const zone = await findZone(ctx.trx, ctx.tenantId);
  return { account, sessions, ...zone };
}
