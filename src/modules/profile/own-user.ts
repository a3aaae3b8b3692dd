/**
 * Profile use cases act on the caller's own account only: the user id comes from the
 * session's actor, never from the request, so there is no id another user could swap in.
 */
import { forbidden } from '../../lib/errors.ts';
import type { TenantContext } from '../context.ts';

export function ownUserId(ctx: TenantContext): string {
  if (ctx.actor.type !== 'user' || !ctx.actor.id) throw forbidden('Only a signed-in staff member has a profile');
  return ctx.actor.id;
}
