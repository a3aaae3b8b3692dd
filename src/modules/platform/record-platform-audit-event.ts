/**
 * Appends one entry to the platform audit log, in the same transaction as the action it
 * records. The table refuses updates and deletes.
 */
import type { PlatformTx } from '../../db/tenancy.ts';

export interface PlatformAuditEntry {
  /** Dotted verb: "tenant.suspended", "platform.signed_in", ... */
  action: string;
  adminId: string | null;
  targetTenantId?: string | null;
  details?: Record<string, unknown>;
  occurredAt: Date;
  ip?: string | undefined;
  requestId?: string | undefined;
}

export async function recordPlatformAuditEvent(trx: PlatformTx, entry: PlatformAuditEntry): Promise<void> {
  await trx
    .insertInto('platform_audit_events')
    .values({
      occurred_at: entry.occurredAt,
      admin_id: entry.adminId,
      action: entry.action,
      target_tenant_id: entry.targetTenantId ?? null,
      details: JSON.stringify(entry.details ?? {}),
      ip: entry.ip ?? null,
      request_id: entry.requestId ?? null,
    })
    .execute();
}

export interface PlatformAuditRow {
  id: string;
  occurredAt: Date;
  action: string;
  operatorEmail: string | null;
  tenantName: string | null;
  tenantSlug: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

/** Newest first, for the console. */
export async function listRecentPlatformAudit(trx: PlatformTx, limit: number): Promise<PlatformAuditRow[]> {
  const rows = await trx
    .selectFrom('platform_audit_events as e')
    .leftJoin('platform_admins as a', 'a.id', 'e.admin_id')
    .leftJoin('tenants as t', 't.id', 'e.target_tenant_id')
    .select(['e.id', 'e.occurred_at', 'e.action', 'a.email', 't.name', 't.slug', 'e.details', 'e.ip'])
    .orderBy('e.occurred_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    action: r.action,
    operatorEmail: r.email,
    tenantName: r.name,
    tenantSlug: r.slug,
    details: r.details !== null && typeof r.details === 'object' ? (r.details as Record<string, unknown>) : {},
    ip: r.ip,
  }));
}
