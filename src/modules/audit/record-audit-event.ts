/**
 * Appends one entry to the tenant's audit log, in the same transaction as the change it
 * records, so a rolled-back change leaves no entry and a committed one always has one.
 */
import type { TenantContext } from '../context.ts';

export interface AuditEntry {
  /** Dotted verb, e.g. "user.invited", "role.updated", "auth.sign_in_failed". */
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

export async function recordAuditEvent(ctx: TenantContext, entry: AuditEntry): Promise<void> {
  await ctx.trx
    .insertInto('audit_events')
    .values({
      tenant_id: ctx.tenantId,
      occurred_at: ctx.now(),
      actor_type: ctx.actor.type,
      actor_id: ctx.actor.id,
      actor_label: ctx.actor.label,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      ip: ctx.ip ?? null,
      request_id: ctx.requestId ?? null,
    })
    .execute();
}
