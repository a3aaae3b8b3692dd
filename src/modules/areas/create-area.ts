/**
 * Adds a service area, top-level or under a parent. Name and code are unique among the
 * areas sharing a parent; the same barangay name under two cities is fine.
 */
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { auditShape, checkExternalRef, checkParent, checkSiblings, readAreaFields } from './area-input.ts';
import { findArea, type AreaView } from './areas-repository.ts';

export interface CreateAreaInput {
  name: string;
  code?: string | null;
  /** What this level is called ("Province", "Barangay"); shown, never interpreted. */
  kind?: string;
  /** Empty or null for a top-level area. */
  parentId?: string | null;
  externalRef?: string | null;
}

export async function createArea(ctx: TenantContext, input: CreateAreaInput): Promise<AreaView> {
  assertCan(ctx.actor, 'areas.manage');
  const problems = new Problems();
  const fields = readAreaFields(problems, input);
  const parent = await checkParent(ctx, problems, input.parentId);
  const parentId = parent?.id ?? null;
  if (!problems.list.some((p) => p.field === 'parentId')) await checkSiblings(ctx, problems, parentId, fields);
  await checkExternalRef(ctx, problems, fields.externalRef);
  problems.throwIfAny();

  const now = ctx.now();
  const row = await ctx.trx
    .insertInto('service_areas')
    .values({
      tenant_id: ctx.tenantId,
      parent_id: parentId,
      name: fields.name,
      code: fields.code,
      kind: fields.kind,
      external_ref: fields.externalRef,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const area = await findArea(ctx.trx, ctx.tenantId, row.id);
  if (!area) throw new Error('area vanished after insert');
  await recordAuditEvent(ctx, { action: 'area.created', entityType: 'service_area', entityId: area.id, after: auditShape(area) });
  return area;
}
