/**
 * Reading areas: a sortable, filterable page (the list, the API and the CSV export), one
 * area, and the whole tree with customer counts for the areas page.
 */
import { sql } from 'kysely';
import { isUuid } from '../../db/tenancy.ts';
import { pageFrom } from '../../lib/cursor.ts';
import { fieldError, notFound } from '../../lib/errors.ts';
import { afterCursor, decodeSortCursor, sortKeySelection, type SortDirection, type SortKey } from '../../lib/keyset-sort.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { SORT_PATH, customerCountsByArea, findArea, selectAreas, type AreaView } from './areas-repository.ts';

export const AREA_SORTS = {
  path: { expr: SORT_PATH, type: 'text' },
  name: { expr: sql`lower(a.name)`, type: 'text' },
  created: { expr: sql`a.created_at`, type: 'timestamptz' },
} satisfies Record<string, SortKey>;

export type AreaSort = keyof typeof AREA_SORTS;

export function isAreaSort(value: unknown): value is AreaSort {
  return typeof value === 'string' && Object.hasOwn(AREA_SORTS, value);
}

export interface AreaListQuery {
  /** Part of the name, code or full path. */
  q?: string | undefined;
  active?: boolean | undefined;
  /** Only the direct sub-areas of this area. */
  parentId?: string | undefined;
  sort?: AreaSort | undefined;
  dir?: SortDirection | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Escapes LIKE wildcards so a search for "50%" means those characters. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listAreas(ctx: TenantContext, query: AreaListQuery): Promise<{ items: AreaView[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'customers.read');
  const key = AREA_SORTS[query.sort ?? 'path'];
  const dir = query.dir ?? 'asc';
  if (query.parentId !== undefined && !isUuid(query.parentId)) throw fieldError('parentId', 'format', 'parentId must be an area id');
  let select = selectAreas(ctx.trx, ctx.tenantId)
    .select(sortKeySelection(key))
    .where(afterCursor(key, 'a.id', dir, decodeSortCursor(query.cursor, key)))
    .orderBy(key.expr, dir)
    .orderBy('a.id', dir)
    .limit(query.limit + 1);
  if (query.active !== undefined) select = select.where('a.active', '=', query.active);
  if (query.parentId !== undefined) select = select.where('a.parent_id', '=', query.parentId);
  const q = query.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    select = select.where((eb) =>
      eb.or([eb(eb.fn('lower', ['t.path']), 'like', pattern), eb(eb.fn('lower', [eb.fn.coalesce('a.code', sql.lit(''))]), 'like', pattern)]),
    );
  }
  const rows = await select.execute();
  const page = pageFrom(rows, query.limit, (row) => [row.sort_key, row.id]);
  return { items: page.items.map(({ sort_key: _k, ...area }) => area), nextCursor: page.nextCursor };
}

export async function getArea(ctx: TenantContext, input: { areaId: string }): Promise<AreaView> {
  assertCan(ctx.actor, 'customers.read');
  const area = await findArea(ctx.trx, ctx.tenantId, input.areaId);
  if (!area) throw notFound('Area');
  return area;
}

export interface AreaNode extends AreaView {
  /** Customers whose area is this one. */
  customers: number;
  /** Customers here and in every area below. */
  customersWithin: number;
  children: AreaNode[];
}

/** More than this and the tree page asks for the searchable list instead. */
export const TREE_LIMIT = 5000;

/**
 * The whole hierarchy, children ordered by name, with customer counts, or `tooMany` when
 * the tenant has more areas than a page can sensibly draw.
 */
export async function areaTree(ctx: TenantContext): Promise<{ roots: AreaNode[]; total: number; tooMany: boolean }> {
  assertCan(ctx.actor, 'customers.read');
  const rows = await selectAreas(ctx.trx, ctx.tenantId)
    .orderBy(SORT_PATH)
    .orderBy('a.id')
    .limit(TREE_LIMIT + 1)
    .execute();
  if (rows.length > TREE_LIMIT) return { roots: [], total: rows.length, tooMany: true };
  const counts = await customerCountsByArea(ctx.trx, ctx.tenantId);
  const nodes = new Map<string, AreaNode>();
  const roots: AreaNode[] = [];
  // Path order puts every parent before its children, so one pass builds the tree.
  for (const row of rows) {
    const n = counts.get(row.id) ?? 0;
    const node: AreaNode = { ...row, customers: n, customersWithin: n, children: [] };
    nodes.set(row.id, node);
    const parent = row.parentId ? nodes.get(row.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const total = (node: AreaNode): number => {
    node.customersWithin = node.customers + node.children.reduce((sum, child) => sum + total(child), 0);
    return node.customersWithin;
  };
  roots.forEach(total);
  return { roots, total: rows.length, tooMany: false };
}
