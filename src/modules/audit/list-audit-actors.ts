/** The staff who can appear as actors, for the audit log's actor filter. */
import type { TenantContext } from '../context.ts';
import { assertCan } from '../context.ts';
import { listActorChoices } from './audit-repository.ts';

export async function listAuditActors(ctx: TenantContext): Promise<{ id: string; name: string; email: string }[]> {
  assertCan(ctx.actor, 'audit.read');
  return listActorChoices(ctx.trx, ctx.tenantId);
}
