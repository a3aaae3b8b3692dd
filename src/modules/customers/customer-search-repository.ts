/**
 * The subscriber list query: search, filters, sort and keyset pages. Search runs on the
 * generated, lower-cased `search_text` column through the trigram GIN index `customers_search`
 * (tenant_id, search_text), by way of customer_search_ids(), so `LIKE '%fragment%'` is an index
 * lookup, not a scan of the tenant's customers. docs/BENCHMARKS.md "Customer search" has the
 * figures and the reason for the function.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import type { CustomerStatus, LocationAccuracy } from '../../db/schema.ts';
import { PORT_HOLDING_STATUSES } from '../../db/schema.ts';
import { inAreaSubtree } from '../areas/areas-repository.ts';
import { afterCursor, sortKeySelection, type SortDirection, type SortKey } from '../../lib/keyset-sort.ts';

export interface CustomerFilter {
  q?: string | undefined;
  status?: CustomerStatus | undefined;
  /** The area or any area below it. */
  areaId?: string | undefined;
  /** Has a service on this plan that is not terminated. */
  planId?: string | undefined;
  /** Has an installation holding a port of this NAP. */
  napId?: string | undefined;
  tag?: string | undefined;
}

export const CUSTOMER_SORTS = {
  name: { expr: sql`lower(c.display_name)`, type: 'text' },
  account: { expr: sql`c.account_number`, type: 'text' },
  created: { expr: sql`c.created_at`, type: 'timestamptz' },
  status: { expr: sql`c.status`, type: 'text' },
} as const satisfies Record<string, SortKey>;

export type CustomerSort = keyof typeof CUSTOMER_SORTS;

export function isCustomerSort(value: unknown): value is CustomerSort {
  return typeof value === 'string' && Object.hasOwn(CUSTOMER_SORTS, value);
}

export interface CustomerListRow {
  id: string;
  accountNumber: string;
  displayName: string;
  firstName: string;
  lastName: string;
  companyName: string;
  email: string | null;
  phone: string;
  altPhone: string;
  serviceAddress: string;
  areaId: string | null;
  areaName: string | null;
  latitude: number | null;
  longitude: number | null;
  locationAccuracy: LocationAccuracy | null;
  status: CustomerStatus;
  tags: string[];
  externalRef: string | null;
  createdAt: Date;
  /** The sort key as text, for the cursor. */
  sortKey: string;
}

/** LIKE treats % and _ as wildcards and \ as the escape character: match them literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const PHONE_LIKE = /^[0-9 +\-().]+$/;
const NATIONAL_DIGITS = 9;
const MAX_TERMS = 6;
// pg_trgm takes trigrams from runs of letters and digits; a term without a run of three has
// none, and the index could only hand back every row of the tenant.
const HAS_TRIGRAM = /[\p{L}\p{N}]{3}/u;

const pattern = (term: string): string => `%${escapeLike(term)}%`;

/**
 * Ids of the tenant's customers whose search_text contains every term of `all`, through the
 * trigram index. customer_search_ids (migrations 20261128110000 and 20261130140000) exists because RLS keeps
 * PostgreSQL from using LIKE as an index condition on the table itself.
 */
function indexedIds(tenantId: string, all: string[]): RawBuilder<unknown> {
  // One call with every word: the function ANDs them in one index scan (migration 20261130140000).
  return sql`select id from customer_search_ids(${tenantId}, ${all.map(pattern)}::text[])`;
}

/** One term: through the index when it has a trigram, else a plain filter on the row. */
function contains(tenantId: string, term: string): RawBuilder<SqlBool> {
  if (HAS_TRIGRAM.test(term)) return sql<SqlBool>`c.id in (${indexedIds(tenantId, [term])})`;
  return sql<SqlBool>`c.search_text like ${pattern(term)}`;
}

/**
 * What `q` matches. Something that looks like a phone number ("0917 123-4567") matches as
 * typed or by its digits alone (search_text holds both forms of each phone). Anything else is
 * split into words that must all appear, so "cruz juan" finds Juan Dela Cruz.
 */
export function searchCondition(tenantId: string, q: string | undefined): Expression<SqlBool> | undefined {
  const text = (q ?? '').trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 200);
  if (text === '') return undefined;
  if (PHONE_LIKE.test(text)) {
    // The last nine digits are the subscriber number in both the national and the
    // international form (0917 123 4567 and +63 917 123 4567; 0722 123 456 and
    // +254 722 123 456), so a long number matches however either side wrote its prefix.
    const digits = text.replace(/\D/g, '').slice(-NATIONAL_DIGITS);
    if (digits === text || digits.length < 3) return contains(tenantId, text);
    if (HAS_TRIGRAM.test(text)) return sql<SqlBool>`c.id in (${indexedIds(tenantId, [text])} union ${indexedIds(tenantId, [digits])})`;
    return sql<SqlBool>`(${contains(tenantId, text)} or ${contains(tenantId, digits)})`;
  }
  const terms = [...new Set(text.split(' '))].slice(0, MAX_TERMS);
  const indexed = terms.filter((t) => HAS_TRIGRAM.test(t));
  const conditions = terms.filter((t) => !HAS_TRIGRAM.test(t)).map((t) => contains(tenantId, t));
  if (indexed.length > 0) conditions.unshift(sql<SqlBool>`c.id in (${indexedIds(tenantId, indexed)})`);
  return sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}

function filterConditions(tenantId: string, filter: CustomerFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  const search = searchCondition(tenantId, filter.q);
  if (search) conditions.push(search);
  if (filter.status) conditions.push(sql<SqlBool>`c.status = ${filter.status}`);
  if (filter.tag) conditions.push(sql<SqlBool>`c.tags @> array[${filter.tag}]::text[]`);
  if (filter.areaId) {
    conditions.push(inAreaSubtree('c.area_id', tenantId, filter.areaId));
  }
  if (filter.planId) {
    conditions.push(sql<SqlBool>`exists (select 1 from services s
      where s.tenant_id = ${tenantId} and s.customer_id = c.id and s.plan_id = ${filter.planId} and s.status <> 'terminated')`);
  }
  if (filter.napId) {
    conditions.push(sql<SqlBool>`exists (select 1 from installations i join nap_ports p on p.tenant_id = i.tenant_id and p.id = i.nap_port_id
      where i.tenant_id = ${tenantId} and i.customer_id = c.id and p.nap_id = ${filter.napId}
        and i.status in (${sql.join([...PORT_HOLDING_STATUSES])}))`);
  }
  return conditions;
}

/** The list query itself, unexecuted: the benchmark EXPLAINs exactly what the app runs. */
export function customerSearchQuery(trx: TenantTx, tenantId: string, filter: CustomerFilter, page: SearchPage) {
  const key = CUSTOMER_SORTS[page.sort];
  let query = trx
    .selectFrom('customers as c')
    .leftJoin('service_areas as a', (join) => join.onRef('a.tenant_id', '=', 'c.tenant_id').onRef('a.id', '=', 'c.area_id'))
    .select([
      'c.id',
      'c.account_number as accountNumber',
      'c.display_name as displayName',
      'c.first_name as firstName',
      'c.last_name as lastName',
      'c.company_name as companyName',
      'c.email',
      'c.phone',
      'c.alt_phone as altPhone',
      'c.service_address as serviceAddress',
      'c.area_id as areaId',
      'a.name as areaName',
      'c.latitude',
      'c.longitude',
      'c.location_accuracy as locationAccuracy',
      'c.status',
      'c.tags',
      'c.external_ref as externalRef',
      'c.created_at as createdAt',
      sortKeySelection(key),
    ])
    .where('c.tenant_id', '=', tenantId)
    .where(afterCursor(key, 'c.id', page.dir, page.after));
  for (const condition of filterConditions(tenantId, filter)) query = query.where(condition);
  return query.orderBy(key.expr, page.dir).orderBy('c.id', page.dir).limit(page.limit);
}

export interface SearchPage {
  sort: CustomerSort;
  dir: SortDirection;
  after?: { key: string; id: string } | undefined;
  limit: number;
}

export async function searchCustomerRows(trx: TenantTx, tenantId: string, filter: CustomerFilter, page: SearchPage): Promise<CustomerListRow[]> {
  const rows = await customerSearchQuery(trx, tenantId, filter, page).execute();
  return rows.map(({ sort_key, ...row }) => ({ ...row, sortKey: sort_key }));
}
