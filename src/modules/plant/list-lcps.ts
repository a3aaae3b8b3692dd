/** A sortable, filterable page of LCPs with their capacity (the list page, the API, the CSV export). */
import { sql } from 'kysely';
import { pageFrom } from '../../lib/cursor.ts';
import { afterCursor, decodeSortCursor, sortKeySelection, type SortDirection, type SortKey } from '../../lib/keyset-sort.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { capacityOf, lcpCapacities, selectionFor } from './plant-capacity.ts';
import { lcpHasFreePort, likePattern } from './plant-filters.ts';
import { selectLcps } from './plant-repository.ts';
import type { LcpView } from './plant-views.ts';

export const LCP_SORTS = {
  code: { expr: sql`lower(l.code)`, type: 'text' },
  name: { expr: sql`lower(l.name)`, type: 'text' },
  ports: { expr: sql`l.port_count`, type: 'integer' },
  created: { expr: sql`l.created_at`, type: 'timestamptz' },
} satisfies Record<string, SortKey>;

export type LcpSort = keyof typeof LCP_SORTS;

export const isLcpSort = (value: unknown): value is LcpSort => typeof value === 'string' && Object.hasOwn(LCP_SORTS, value);

export interface LcpListQuery {
  /** Part of the code, name or address. */
  q?: string | undefined;
  active?: boolean | undefined;
  areaId?: string | undefined;
  /** Only LCPs with at least one port a new installation could take. */
  hasFreePorts?: boolean | undefined;
  sort?: LcpSort | undefined;
  dir?: SortDirection | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listLcps(ctx: TenantContext, query: LcpListQuery): Promise<{ items: LcpView[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'network.read');
  const key = LCP_SORTS[query.sort ?? 'code'];
  const dir = query.dir ?? 'asc';
  let select = selectLcps(ctx.trx, ctx.tenantId)
    .select(sortKeySelection(key))
    .where(afterCursor(key, 'l.id', dir, decodeSortCursor(query.cursor, key)))
    .orderBy(key.expr, dir)
    .orderBy('l.id', dir)
    .limit(query.limit + 1);
  if (query.active !== undefined) select = select.where('l.active', '=', query.active);
  if (query.areaId !== undefined) select = select.where('l.area_id', '=', query.areaId);
  if (query.hasFreePorts !== undefined) select = select.where(query.hasFreePorts ? lcpHasFreePort('l') : sql<boolean>`not ${lcpHasFreePort('l')}`);
  const q = query.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    select = select.where(sql<boolean>`lower(l.code || ' ' || l.name || ' ' || l.address) like ${pattern}`);
  }
  const page = pageFrom(await select.execute(), query.limit, (row) => [row.sort_key, row.id]);
  const caps = await lcpCapacities(ctx.trx, ctx.tenantId, selectionFor(page.items.map((r) => r.id)));
  return { items: page.items.map(({ sort_key: _k, ...row }) => ({ ...row, capacity: capacityOf(caps, row.id) })), nextCursor: page.nextCursor };
}
