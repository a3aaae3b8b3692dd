/**
 * Input rules shared by creating and editing an area. Each check adds to one Problems list,
 * so a form shows every wrong field at once; field names are the camelCase input names.
 */
import { isUuid } from '../../db/tenancy.ts';
import type { Problems} from '../../lib/validate.ts';
import { checkRequiredText, cleanText } from '../../lib/validate.ts';
import type { TenantContext } from '../context.ts';
import { findArea, siblingClash, subtreeIds, type AreaView } from './areas-repository.ts';

export interface AreaFields {
  name: string;
  code: string | null;
  kind: string;
  externalRef: string | null;
}

/** Empty means "none" for optional text. */
export function optionalText(raw: unknown): string | null {
  const text = cleanText(raw);
  return text === '' ? null : text;
}

/** Trims and checks the plain text fields. */
export function readAreaFields(problems: Problems, raw: { name?: unknown; code?: unknown; kind?: unknown; externalRef?: unknown }): AreaFields {
  const name = cleanText(raw.name);
  const code = optionalText(raw.code);
  const kind = cleanText(raw.kind);
  const externalRef = optionalText(raw.externalRef);
  checkRequiredText(problems, 'name', 'Name', name, 120);
  if (code !== null && code.length > 40) problems.add('code', 'max_length', 'Code must be at most 40 characters');
  if (kind.length > 40) problems.add('kind', 'max_length', 'Kind must be at most 40 characters');
  if (externalRef !== null && externalRef.length > 100) problems.add('externalRef', 'max_length', 'External reference must be at most 100 characters');
  return { name, code, kind, externalRef };
}

/**
 * Resolves the chosen parent: null for a top-level area. A parent must exist in this
 * tenant and be active (an inactive area may sit under an inactive one); when `moving` is
 * given (an edit), the parent must not be that area itself or any area below it, which
 * would make a loop.
 */
export async function checkParent(
  ctx: TenantContext,
  problems: Problems,
  rawParentId: unknown,
  moving?: { id: string; active: boolean },
): Promise<AreaView | null> {
  if (rawParentId === undefined || rawParentId === null || rawParentId === '') return null;
  const parentId = typeof rawParentId === 'string' ? rawParentId.trim() : '';
  const parent = isUuid(parentId) ? await findArea(ctx.trx, ctx.tenantId, parentId) : undefined;
  if (!parent) {
    problems.add('parentId', 'unknown', 'Choose an existing parent area');
    return null;
  }
  if (moving) {
    if (parent.id === moving.id) {
      problems.add('parentId', 'self_parent', 'An area cannot be its own parent');
      return null;
    }
    if ((await subtreeIds(ctx.trx, ctx.tenantId, moving.id)).includes(parent.id)) {
      problems.add('parentId', 'cycle', `“${parent.path}” is inside this area; an area cannot move under one of its own sub-areas`);
      return null;
    }
  }
  if (!parent.active && (moving?.active ?? true)) problems.add('parentId', 'inactive', `“${parent.path}” is inactive; reactivate it first or choose another parent`);
  return parent;
}

/** Name and code are unique among the areas sharing a parent (top level included). */
export async function checkSiblings(ctx: TenantContext, problems: Problems, parentId: string | null, fields: AreaFields, exceptId?: string): Promise<void> {
  if (fields.name !== '' && (await siblingClash(ctx.trx, ctx.tenantId, parentId, 'name', fields.name, exceptId))) {
    problems.add('name', 'taken', 'An area with this name already exists under the same parent');
  }
  if (fields.code !== null && (await siblingClash(ctx.trx, ctx.tenantId, parentId, 'code', fields.code, exceptId))) {
    problems.add('code', 'taken', 'An area with this code already exists under the same parent');
  }
}

/** External references identify an imported row, so they are unique in the whole tenant. */
export async function checkExternalRef(ctx: TenantContext, problems: Problems, externalRef: string | null, exceptId?: string): Promise<void> {
  if (externalRef === null) return;
  let query = ctx.trx.selectFrom('service_areas').select('id').where('tenant_id', '=', ctx.tenantId).where('external_ref', '=', externalRef);
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) problems.add('externalRef', 'taken', 'Another area already has this external reference');
}

/** What the audit log keeps of an area. */
export function auditShape(area: { name: string; code: string | null; kind: string; parentId: string | null; active: boolean; externalRef: string | null; path?: string }) {
  return { name: area.name, code: area.code, kind: area.kind, parentId: area.parentId, active: area.active, externalRef: area.externalRef, path: area.path };
}
