/**
 * A page of subscribers: search by name, account number, phone or e-mail; filter by status,
 * area (with its sub-areas), plan, NAP and tag; sort by name, account number, creation or
 * status; cursor pagination that never skips or repeats a row.
 */
import { isUuid } from '../../db/tenancy.ts';
import { pageFrom } from '../../lib/cursor.ts';
import { decodeSortCursor, sortDirection, type SortDirection } from '../../lib/keyset-sort.ts';
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { CUSTOMER_SORTS, isCustomerSort, searchCustomerRows, type CustomerFilter, type CustomerListRow, type CustomerSort } from './customer-search-repository.ts';
import { CUSTOMER_STATUSES, isCustomerStatus } from './customers-repository.ts';

/** Raw values as they arrive from a query string; empty means "any". */
export interface CustomerListInput {
  q?: string | undefined;
  status?: string | undefined;
  areaId?: string | undefined;
  planId?: string | undefined;
  napId?: string | undefined;
  tag?: string | undefined;
  sort?: string | undefined;
  dir?: string | undefined;
}

export interface CustomerQuery {
  filter: CustomerFilter;
  sort: CustomerSort;
  dir: SortDirection;
}

/** Checks the filters (422 naming the parameter) and fills the defaults: name, A to Z. */
export function readCustomerQuery(input: CustomerListInput): CustomerQuery {
  const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const problems = new Problems();
  const q = blank(input.q);
  if (q !== undefined && q.length > 200) problems.add('q', 'max_length', 'Search text must be at most 200 characters');
  const status = blank(input.status);
  if (status !== undefined && !isCustomerStatus(status)) problems.add('status', 'enum', `Status must be one of ${CUSTOMER_STATUSES.join(', ')}`);
  for (const field of ['areaId', 'planId', 'napId'] as const) {
    const id = blank(input[field]);
    if (id !== undefined && !isUuid(id)) problems.add(field, 'format', `${field} must be a uuid`);
  }
  const tag = blank(input.tag)?.toLowerCase();
  if (tag !== undefined && tag.length > 40) problems.add('tag', 'max_length', 'Tag must be at most 40 characters');
  const sort = blank(input.sort) ?? 'name';
  if (!isCustomerSort(sort)) problems.add('sort', 'enum', `Sort must be one of ${Object.keys(CUSTOMER_SORTS).join(', ')}`);
  const dir = blank(input.dir);
  if (dir !== undefined && dir !== 'asc' && dir !== 'desc') problems.add('dir', 'enum', 'Direction must be asc or desc');
  problems.throwIfAny();
  return {
    filter: {
      q,
      status: status as CustomerFilter['status'],
      areaId: blank(input.areaId),
      planId: blank(input.planId),
      napId: blank(input.napId),
      tag,
    },
    sort: sort as CustomerSort,
    dir: sortDirection(dir, sort === 'created' ? 'desc' : 'asc'),
  };
}

export interface CustomerPage {
  items: CustomerListRow[];
  nextCursor: string | null;
  query: CustomerQuery;
}

export async function listCustomers(ctx: TenantContext, input: CustomerListInput & { cursor?: string | undefined; limit: number }): Promise<CustomerPage> {
  assertCan(ctx.actor, 'customers.read');
  const query = readCustomerQuery(input);
  const after = decodeSortCursor(input.cursor, CUSTOMER_SORTS[query.sort]);
  const rows = await searchCustomerRows(ctx.trx, ctx.tenantId, query.filter, { sort: query.sort, dir: query.dir, after, limit: input.limit + 1 });
  return { ...pageFrom(rows, input.limit, (r) => [r.sortKey, r.id]), query };
}
