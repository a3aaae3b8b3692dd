/**
 * Reactivates one area. Its sub-areas stay as they are (reactivate them one by one), and an
 * area under an inactive parent cannot come back before its parent does.
 */
import { conflict, notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findArea, lockArea, type AreaView } from './areas-repository.ts';

export async function reactivateArea(ctx: TenantContext, input: { areaId: string }): Promise<AreaView> {
  assertCan(ctx.actor, 'areas.manage');
  if (!(await lockArea(ctx.trx, ctx.tenantId, input.areaId))) throw notFound('Area');
  const before = await findArea(ctx.trx, ctx.tenantId, input.areaId);
  if (!before) throw notFound('Area');
  if (before.active) return before;
  if (before.parentId) {
    // Locked, so a concurrent deactivation of the parent cannot slip in between.
    await lockArea(ctx.trx, ctx.tenantId, before.parentId);
    const parent = await findArea(ctx.trx, ctx.tenantId, before.parentId);
    if (parent && !parent.active) {
      throw conflict('area_parent_inactive', `“${parent.path}” is inactive. Reactivate it first, then “${before.name}”.`);
    }
  }
  await ctx.trx
    .updateTable('service_areas')
    .set({ active: true, updated_at: ctx.now() })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', before.id)
    .execute();
  await recordAuditEvent(ctx, { action: 'area.reactivated', entityType: 'service_area', entityId: before.id, before: { active: false }, after: { active: true } });
  const after = await findArea(ctx.trx, ctx.tenantId, before.id);
  if (!after) throw new Error('area vanished after update');
  return after;
}
