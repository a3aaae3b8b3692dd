/**
 * Deactivates an area and every area below it: they drop out of the choices for new
 * customers and LCPs (listAreaOptions), while customers and LCPs already in them keep their
 * area. Sub-areas go too, because an active barangay under an inactive city would still be
 * offered under a path nobody may choose.
 */
import { notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findArea, lockArea, lockAreaMoves, subtreeIds, type AreaView } from './areas-repository.ts';

export async function deactivateArea(ctx: TenantContext, input: { areaId: string }): Promise<AreaView> {
  assertCan(ctx.actor, 'areas.manage');
  // The subtree must not change shape under us (a concurrent move would escape the cascade).
  await lockAreaMoves(ctx.trx, ctx.tenantId);
  if (!(await lockArea(ctx.trx, ctx.tenantId, input.areaId))) throw notFound('Area');
  const before = await findArea(ctx.trx, ctx.tenantId, input.areaId);
  if (!before) throw notFound('Area');

  const ids = await subtreeIds(ctx.trx, ctx.tenantId, before.id);
  const changed = await ctx.trx
    .updateTable('service_areas')
    .set({ active: false, updated_at: ctx.now() })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', 'in', ids)
    .where('active', '=', true)
    .returning('id')
    .execute();
  if (changed.length === 0) return before;
  const subAreaIds = changed.map((r) => r.id).filter((id) => id !== before.id);
  await recordAuditEvent(ctx, {
    action: 'area.deactivated',
    entityType: 'service_area',
    entityId: before.id,
    before: { active: before.active },
    after: { active: false, alsoDeactivatedSubAreaIds: subAreaIds },
  });
  const after = await findArea(ctx.trx, ctx.tenantId, before.id);
  if (!after) throw new Error('area vanished after update');
  return after;
}
