/** A searchable, filterable, sortable page of splitters with their capacity (the list page, the API, the CSV export). */
import { sql } from 'kysely';
import { pageFrom } from '../../lib/cursor.ts';
import { afterCursor, decodeSortCursor, sortKeySelection, type SortDirection, type SortKey } from '../../lib/keyset-sort.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { capacityOf, selectionFor, splitterCapacities } from './plant-capacity.ts';
import { likePattern, splitterHasFreePort } from './plant-filters.ts';
import { selectSplitters } from './plant-repository.ts';
import type { SplitterView } from './plant-views.ts';

export const SPLITTER_SORTS = {
  // LCP code plus the zero-padded feeder port sorts as text in network order.
  branch: { expr: sql`lower(l.code) || ' ' || lpad(s.lcp_port::text, 3, '0') || ' ' || lower(s.code)`, type: 'text' },
  code: { expr: sql`lower(s.code)`, type: 'text' },
  ratio: { expr: sql`s.ratio`, type: 'integer' },
  created: { expr: sql`s.created_at`, type: 'timestamptz' },
} satisfies Record<string, SortKey>;

export type SplitterSort = keyof typeof SPLITTER_SORTS;

export const isSplitterSort = (value: unknown): value is SplitterSort => typeof value === 'string' && Object.hasOwn(SPLITTER_SORTS, value);

export interface SplitterListQuery {
  /** Part of the splitter's code or its LCP's code. */
  q?: string | undefined;
  lcpId?: string | undefined;
  active?: boolean | undefined;
  /** Only splitters with (true) or without (false) a NAP port a new installation could take. */
  hasFreePorts?: boolean | undefined;
  sort?: SplitterSort | undefined;
  dir?: SortDirection | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listSplitters(ctx: TenantContext, query: SplitterListQuery): Promise<{ items: SplitterView[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'network.read');
  const key = SPLITTER_SORTS[query.sort ?? 'branch'];
  const dir = query.dir ?? 'asc';
  let select = selectSplitters(ctx.trx, ctx.tenantId)
    .select(sortKeySelection(key))
    .where(afterCursor(key, 's.id', dir, decodeSortCursor(query.cursor, key)))
    .orderBy(key.expr, dir)
    .orderBy('s.id', dir)
    .limit(query.limit + 1);
  if (query.lcpId !== undefined) select = select.where('s.lcp_id', '=', query.lcpId);
  if (query.active !== undefined) select = select.where('s.active', '=', query.active);
  if (query.hasFreePorts !== undefined) {
    const free = sql<boolean>`(${splitterHasFreePort('s')} and l.active)`;
    select = select.where(query.hasFreePorts ? free : sql<boolean>`not ${free}`);
  }
  const q = query.q?.trim();
  if (q) select = select.where(sql<boolean>`lower(s.code || ' ' || l.code) like ${likePattern(q)}`);
  const page = pageFrom(await select.execute(), query.limit, (row) => [row.sort_key, row.id]);
  const caps = await splitterCapacities(ctx.trx, ctx.tenantId, selectionFor(page.items.map((r) => r.id)));
  return { items: page.items.map(({ sort_key: _k, ...row }) => ({ ...row, capacity: capacityOf(caps, row.id) })), nextCursor: page.nextCursor };
}
