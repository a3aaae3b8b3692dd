/**
 * What every installation status change shares: load and lock the row, refuse a change its
 * status does not allow with a message that says why, write the new status and audit it.
 *
 *   scheduled -> active (complete) <-> suspended;  active|suspended -> terminated;
 *   scheduled -> cancelled
 */
import type { InstallationStatus, InstallationsTable } from '../../db/schema.ts';
import type { Updateable } from 'kysely';
import { AppError, notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { TenantContext } from '../context.ts';
import { findInstallation, installationAudit, lockInstallation, type InstallationView } from './installations-repository.ts';

export const STATUS_LABELS: Record<InstallationStatus, string> = {
  scheduled: 'Scheduled',
  active: 'Active',
  suspended: 'Suspended',
  terminated: 'Terminated',
  cancelled: 'Cancelled',
};

/**
 * The statuses that hold a port (the partial unique index installations_port_in_use), so the
 * ones that can move to another port: a suspended line keeps its port and may be re-patched.
 */
export const MOVABLE_STATUSES: readonly InstallationStatus[] = ['scheduled', 'active', 'suspended'];

/** The locked installation, or a 404 / a 409 naming the status it is in. */
export async function installationFor(ctx: TenantContext, installationId: string, allowed: readonly InstallationStatus[], doing: string): Promise<InstallationView> {
  const current = await lockInstallation(ctx.trx, ctx.tenantId, installationId);
  if (!current) throw notFound('Installation');
  assertInstallationStatus(current, allowed, doing);
  return current;
}

/** A 409 naming the status when `installation` is not in one of `allowed` (pages check before showing a form). */
export function assertInstallationStatus(installation: InstallationView, allowed: readonly InstallationStatus[], doing: string): void {
  if (!allowed.includes(installation.status)) {
    const which = allowed.map((s) => STATUS_LABELS[s].toLowerCase()).join(' or ');
    throw new AppError(409, 'installation_status', `This installation is ${STATUS_LABELS[installation.status].toLowerCase()}; only ${which} installations can be ${doing}.`);
  }
}

/** Writes the changes, audits before and after under `action`, and returns the fresh view. */
export async function saveInstallationChange(
  ctx: TenantContext,
  before: InstallationView,
  changes: Omit<Updateable<InstallationsTable>, 'tenant_id' | 'id'>,
  action: string,
  extra: Record<string, unknown> = {},
): Promise<InstallationView> {
  await ctx.trx
    .updateTable('installations')
    .set({ ...changes, updated_at: ctx.now() })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', before.id)
    .execute();
  const after = await findInstallation(ctx.trx, ctx.tenantId, before.id);
  if (!after) throw notFound('Installation');
  await recordAuditEvent(ctx, { action, entityType: 'installation', entityId: before.id, before: installationAudit(before), after: { ...installationAudit(after), ...extra } });
  return after;
}
