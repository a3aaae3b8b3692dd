/** Reading plans: a sortable, filterable page (list, API, CSV export) and one plan. */
import { sql } from 'kysely';
import { pageFrom } from '../../lib/cursor.ts';
import { notFound } from '../../lib/errors.ts';
import { afterCursor, decodeSortCursor, sortKeySelection, type SortDirection, type SortKey } from '../../lib/keyset-sort.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findPlan, selectPlans, type PlanView } from './plans-repository.ts';

export const PLAN_SORTS = {
  name: { expr: sql`lower(p.name)`, type: 'text' },
  price: { expr: sql`p.price_minor`, type: 'bigint' },
  download: { expr: sql`p.download_mbps`, type: 'integer' },
  created: { expr: sql`p.created_at`, type: 'timestamptz' },
} satisfies Record<string, SortKey>;

export type PlanSort = keyof typeof PLAN_SORTS;

export function isPlanSort(value: unknown): value is PlanSort {
  return typeof value === 'string' && Object.hasOwn(PLAN_SORTS, value);
}

export type PlanStatusFilter = 'active' | 'retired';

export interface PlanListQuery {
  /** Part of the name, description or tax class. */
  q?: string | undefined;
  status?: PlanStatusFilter | undefined;
  sort?: PlanSort | undefined;
  dir?: SortDirection | undefined;
  limit: number;
  cursor?: string | undefined;
}

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listPlans(ctx: TenantContext, query: PlanListQuery): Promise<{ items: PlanView[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'customers.read');
  const key = PLAN_SORTS[query.sort ?? 'name'];
  const dir = query.dir ?? 'asc';
  let select = selectPlans(ctx.trx, ctx.tenantId)
    .select(sortKeySelection(key))
    .where(afterCursor(key, 'p.id', dir, decodeSortCursor(query.cursor, key)))
    .orderBy(key.expr, dir)
    .orderBy('p.id', dir)
    .limit(query.limit + 1);
  if (query.status) select = select.where('p.active', '=', query.status === 'active');
  const q = query.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    select = select.where((eb) =>
      eb.or([eb(eb.fn('lower', ['p.name']), 'like', pattern), eb(eb.fn('lower', ['p.description']), 'like', pattern), eb('p.tax_class', 'like', pattern)]),
    );
  }
  const rows = await select.execute();
  const page = pageFrom(rows, query.limit, (row) => [row.sort_key, row.id]);
  return { items: page.items.map(({ sort_key: _k, ...plan }) => plan), nextCursor: page.nextCursor };
}

export async function getPlan(ctx: TenantContext, input: { planId: string }): Promise<PlanView> {
  assertCan(ctx.actor, 'customers.read');
  const plan = await findPlan(ctx.trx, ctx.tenantId, input.planId);
  if (!plan) throw notFound('Plan');
  return plan;
}
