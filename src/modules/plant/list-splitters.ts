/** A page of splitters with their capacity, in network order (LCP code, feeder port). */
import { sql } from 'kysely';
import { pageFrom } from '../../lib/cursor.ts';
import { afterCursor, decodeSortCursor, sortKeySelection, type SortKey } from '../../lib/keyset-sort.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { capacityOf, selectionFor, splitterCapacities } from './plant-capacity.ts';
import { selectSplitters } from './plant-repository.ts';
import type { SplitterView } from './plant-views.ts';

// LCP code plus the zero-padded feeder port sorts as text in network order.
const BRANCH: SortKey = { expr: sql`lower(l.code) || ' ' || lpad(s.lcp_port::text, 3, '0') || ' ' || lower(s.code)`, type: 'text' };

export interface SplitterListQuery {
  lcpId?: string | undefined;
  active?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listSplitters(ctx: TenantContext, query: SplitterListQuery): Promise<{ items: SplitterView[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'network.read');
  let select = selectSplitters(ctx.trx, ctx.tenantId)
    .select(sortKeySelection(BRANCH))
    .where(afterCursor(BRANCH, 's.id', 'asc', decodeSortCursor(query.cursor, BRANCH)))
    .orderBy(BRANCH.expr)
    .orderBy('s.id')
    .limit(query.limit + 1);
  if (query.lcpId !== undefined) select = select.where('s.lcp_id', '=', query.lcpId);
  if (query.active !== undefined) select = select.where('s.active', '=', query.active);
  const page = pageFrom(await select.execute(), query.limit, (row) => [row.sort_key, row.id]);
  const caps = await splitterCapacities(ctx.trx, ctx.tenantId, selectionFor(page.items.map((r) => r.id)));
  return { items: page.items.map(({ sort_key: _k, ...row }) => ({ ...row, capacity: capacityOf(caps, row.id) })), nextCursor: page.nextCursor };
}
