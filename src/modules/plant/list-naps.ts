/** A sortable, filterable page of NAP boxes with their capacity (the list page, the API, the CSV export). */
import { sql } from 'kysely';
import { pageFrom } from '../../lib/cursor.ts';
import { afterCursor, decodeSortCursor, sortKeySelection, type SortDirection, type SortKey } from '../../lib/keyset-sort.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { capacityOf, napCapacities, selectionFor } from './plant-capacity.ts';
import { likePattern, napHasFreePort } from './plant-filters.ts';
import { selectNaps } from './plant-repository.ts';
import type { NapView } from './plant-views.ts';

export const NAP_SORTS = {
  code: { expr: sql`lower(n.code)`, type: 'text' },
  name: { expr: sql`lower(n.name)`, type: 'text' },
  /** Network order: LCP code, then splitter code, then NAP code. */
  branch: { expr: sql`lower(l.code || ' ' || s.code || ' ' || n.code)`, type: 'text' },
  ports: { expr: sql`n.port_count`, type: 'integer' },
  created: { expr: sql`n.created_at`, type: 'timestamptz' },
} satisfies Record<string, SortKey>;

export type NapSort = keyof typeof NAP_SORTS;

export const isNapSort = (value: unknown): value is NapSort => typeof value === 'string' && Object.hasOwn(NAP_SORTS, value);

export interface NapListQuery {
  /** Part of the code, name or address. */
  q?: string | undefined;
  active?: boolean | undefined;
  lcpId?: string | undefined;
  splitterId?: string | undefined;
  /** Only NAPs with at least one port a new installation could take. */
  hasFreePorts?: boolean | undefined;
  sort?: NapSort | undefined;
  dir?: SortDirection | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listNaps(ctx: TenantContext, query: NapListQuery): Promise<{ items: NapView[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'network.read');
  const key = NAP_SORTS[query.sort ?? 'branch'];
  const dir = query.dir ?? 'asc';
  let select = selectNaps(ctx.trx, ctx.tenantId)
    .select(sortKeySelection(key))
    .where(afterCursor(key, 'n.id', dir, decodeSortCursor(query.cursor, key)))
    .orderBy(key.expr, dir)
    .orderBy('n.id', dir)
    .limit(query.limit + 1);
  if (query.active !== undefined) select = select.where('n.active', '=', query.active);
  if (query.lcpId !== undefined) select = select.where('s.lcp_id', '=', query.lcpId);
  if (query.splitterId !== undefined) select = select.where('n.splitter_id', '=', query.splitterId);
  if (query.hasFreePorts !== undefined) {
    const free = sql<boolean>`(${napHasFreePort('n')} and s.active and l.active)`;
    select = select.where(query.hasFreePorts ? free : sql<boolean>`not ${free}`);
  }
  const q = query.q?.trim();
  if (q) select = select.where(sql<boolean>`lower(n.code || ' ' || n.name || ' ' || n.address) like ${likePattern(q)}`);
  const page = pageFrom(await select.execute(), query.limit, (row) => [row.sort_key, row.id]);
  const caps = await napCapacities(ctx.trx, ctx.tenantId, selectionFor(page.items.map((r) => r.id)));
  return { items: page.items.map(({ sort_key: _k, ...row }) => ({ ...row, capacity: capacityOf(caps, row.id) })), nextCursor: page.nextCursor };
}
