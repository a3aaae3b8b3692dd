/**
 * Edits an area: rename, change code or kind, or move it under another parent (or to the
 * top level). Omitted fields stay as they are. A move under the area itself or one of its
 * own sub-areas would make a loop and is refused on `parentId`.
 */
import { notFound } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { auditShape, checkExternalRef, checkParent, checkSiblings, readAreaFields } from './area-input.ts';
import { findArea, lockArea, lockAreaMoves, type AreaView } from './areas-repository.ts';

export interface UpdateAreaInput {
  areaId: string;
  name?: string;
  code?: string | null;
  kind?: string;
  /** null or empty moves the area to the top level; omitted leaves it where it is. */
  parentId?: string | null;
  externalRef?: string | null;
}

export async function updateArea(ctx: TenantContext, input: UpdateAreaInput): Promise<AreaView> {
  assertCan(ctx.actor, 'areas.manage');
  const moving = input.parentId !== undefined;
  if (moving) await lockAreaMoves(ctx.trx, ctx.tenantId);
  if (!(await lockArea(ctx.trx, ctx.tenantId, input.areaId))) throw notFound('Area');
  const before = await findArea(ctx.trx, ctx.tenantId, input.areaId);
  if (!before) throw notFound('Area');

  const problems = new Problems();
  const fields = readAreaFields(problems, {
    name: input.name ?? before.name,
    code: input.code === undefined ? before.code : input.code,
    kind: input.kind ?? before.kind,
    externalRef: input.externalRef === undefined ? before.externalRef : input.externalRef,
  });
  let parentId = before.parentId;
  if (moving && (input.parentId ?? '') !== (before.parentId ?? '')) {
    parentId = (await checkParent(ctx, problems, input.parentId, before))?.id ?? null;
  }
  if (!problems.list.some((p) => p.field === 'parentId')) await checkSiblings(ctx, problems, parentId, fields, before.id);
  await checkExternalRef(ctx, problems, fields.externalRef, before.id);
  problems.throwIfAny();

  const unchanged =
    fields.name === before.name && fields.code === before.code && fields.kind === before.kind && fields.externalRef === before.externalRef && parentId === before.parentId;
  if (unchanged) return before;

  await ctx.trx
    .updateTable('service_areas')
    .set({ name: fields.name, code: fields.code, kind: fields.kind, external_ref: fields.externalRef, parent_id: parentId, updated_at: ctx.now() })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', before.id)
    .execute();
  const after = await findArea(ctx.trx, ctx.tenantId, before.id);
  if (!after) throw new Error('area vanished after update');
  await recordAuditEvent(ctx, {
    action: parentId === before.parentId ? 'area.updated' : 'area.moved',
    entityType: 'service_area',
    entityId: after.id,
    before: auditShape(before),
    after: auditShape(after),
  });
  return after;
}
