/** Changes the caller's own display name. An unchanged name writes nothing. */
import { Problems, checkRequiredText, cleanText } from '../../lib/validate.ts';
import { notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { TenantContext } from '../context.ts';
import { ownUserId } from './own-user.ts';
import { findOwnAccount, setOwnName } from './profile-repository.ts';

export interface UpdateProfileInput {
  name: string;
}

export async function updateProfile(ctx: TenantContext, input: UpdateProfileInput): Promise<void> {
  const userId = ownUserId(ctx);
  const name = cleanText(input.name);
  const problems = new Problems();
  checkRequiredText(problems, 'name', 'Name', name);
  problems.throwIfAny();

  const account = await findOwnAccount(ctx.trx, ctx.tenantId, userId);
  if (!account) throw notFound('User');
  if (account.name === name) return;
  await setOwnName(ctx.trx, ctx.tenantId, userId, name, ctx.now());
  await recordAuditEvent(ctx, { action: 'user.profile_updated', entityType: 'user', entityId: userId, before: { name: account.name }, after: { name } });
}
