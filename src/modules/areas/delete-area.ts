/**
 * Deletes an area nothing uses. One with sub-areas, customers or LCPs is refused with
 * 409 area_in_use naming what uses it; deactivating is the way to retire such an area.
 */
import { conflict, notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { auditShape } from './area-input.ts';
import { areaUsage, findArea, lockArea, type AreaUsage } from './areas-repository.ts';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function describeUsage(usage: AreaUsage): string {
  const parts: string[] = [];
  if (usage.children > 0) parts.push(plural(usage.children, 'sub-area', 'sub-areas'));
  if (usage.customers > 0) parts.push(plural(usage.customers, 'customer', 'customers'));
  if (usage.lcps > 0) parts.push(plural(usage.lcps, 'LCP', 'LCPs'));
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

export async function deleteArea(ctx: TenantContext, input: { areaId: string }): Promise<void> {
  assertCan(ctx.actor, 'areas.manage');
  // The row lock makes a concurrent insert pointing at this area (its foreign-key check
  // takes a share lock on the row) wait for us, or finish before we count.
  if (!(await lockArea(ctx.trx, ctx.tenantId, input.areaId))) throw notFound('Area');
  const area = await findArea(ctx.trx, ctx.tenantId, input.areaId);
  if (!area) throw notFound('Area');
  const usage = await areaUsage(ctx.trx, ctx.tenantId, area.id);
  if (usage.children + usage.customers + usage.lcps > 0) {
    throw conflict(
      'area_in_use',
      `“${area.path}” is used by ${describeUsage(usage)}, so it cannot be deleted. Move them to another area first, or deactivate this one.`,
    );
  }
  await ctx.trx.deleteFrom('service_areas').where('tenant_id', '=', ctx.tenantId).where('id', '=', area.id).execute();
  await recordAuditEvent(ctx, { action: 'area.deleted', entityType: 'service_area', entityId: area.id, before: auditShape(area) });
}
