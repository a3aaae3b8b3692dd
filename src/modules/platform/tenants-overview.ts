/**
 * What the console shows about tenants: who they are, their status and how big they are.
 * Sizes are row counts per tenant table, found from the live catalog (every table in schema
 * public with a tenant_id column), so tables added by later capabilities are counted without
 * touching this file. Only counts leave this module: never a subscriber, a staff member or
 * an amount.
 */
import { sql } from 'kysely';
import type { PlatformTx } from '../../db/tenancy.ts';
import { isUuid } from '../../db/tenancy.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';

export const TENANTS_PER_PAGE = 100;

export interface TenantOverview {
  id: string;
  slug: string;
  name: string;
  status: 'active' | 'suspended';
  suspendedReason: string | null;
  suspendedAt: Date | null;
  createdAt: Date;
  /** Users that are not deactivated (invited ones included). */
  staffCount: number;
  /** Rows per tenant table; tables where the tenant has none are absent. */
  rowCounts: Record<string, number>;
  totalRows: number;
}

export interface TenantsOverviewPage {
  tenants: TenantOverview[];
  nextCursor: string | null;
  /** Every tenant table counted, in name order. */
  tenantTables: string[];
  /** Tenant tables the platform role may not read (a migration forgot the grant). */
  uncountedTables: string[];
}

export async function listTenantsOverview(trx: PlatformTx, input: { cursor?: string | undefined; limit?: number }): Promise<TenantsOverviewPage> {
  const limit = input.limit ?? TENANTS_PER_PAGE;
  const after = cursorTenantId(input.cursor);

  let query = trx
    .selectFrom('tenants')
    .select(['id', 'slug', 'name', 'status', 'suspended_reason', 'suspended_at', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  // Keyset on (created_at, id) read from the row itself, so timestamps keep full precision.
  if (after) query = query.where(sql<boolean>`(created_at, id) < (select c.created_at, c.id from tenants c where c.id = ${after})`);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor([last.id]) : null;

  const { readable, unreadable } = await tenantTables(trx);
  const ids = page.map((t) => t.id);
  const staff = await staffCounts(trx, ids);
  const counts = await rowCounts(trx, readable, ids);

  const byTenant = new Map<string, Record<string, number>>();
  for (const c of counts) {
    const entry = byTenant.get(c.tenant_id) ?? {};
    entry[c.table_name] = Number(c.n);
    byTenant.set(c.tenant_id, entry);
  }
  return {
    tenants: page.map((t) => {
      const perTable = byTenant.get(t.id) ?? {};
      return {
        id: t.id,
        slug: t.slug,
        name: t.name,
        status: t.status,
        suspendedReason: t.suspended_reason,
        suspendedAt: t.suspended_at,
        createdAt: t.created_at,
        staffCount: staff.get(t.id) ?? 0,
        rowCounts: perTable,
        totalRows: Object.values(perTable).reduce((a, b) => a + b, 0),
      };
    }),
    nextCursor,
    tenantTables: readable,
    uncountedTables: unreadable,
  };
}

function cursorTenantId(cursor: string | undefined): string | undefined {
  const key = decodeCursor(cursor, 1);
  if (!key) return undefined;
  const [id] = key;
  if (typeof id === 'string' && isUuid(id)) return id;
  throw new AppError(400, 'invalid_cursor', 'cursor is not one this page returned');
}

/** Tables in schema public with a tenant_id column; partitions are counted through their parent. */
export async function tenantTables(trx: PlatformTx): Promise<{ readable: string[]; unreadable: string[] }> {
  const result = await sql<{ table_name: string; readable: boolean }>`
    select c.relname as table_name, has_table_privilege(c.oid, 'SELECT') as readable
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid
    where n.nspname = 'public'
      and c.relkind in ('r', 'p')
      and not c.relispartition
      and a.attname = 'tenant_id'
      and a.attnum > 0
      and not a.attisdropped
    order by c.relname`.execute(trx);
  return {
    readable: result.rows.filter((r) => r.readable).map((r) => r.table_name),
    unreadable: result.rows.filter((r) => !r.readable).map((r) => r.table_name),
  };
}

async function staffCounts(trx: PlatformTx, tenantIds: string[]): Promise<Map<string, number>> {
  if (tenantIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('users')
    .select(['tenant_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', 'in', tenantIds)
    .where('status', '<>', 'deactivated')
    .groupBy('tenant_id')
    .execute();
  return new Map(rows.map((r) => [r.tenant_id, Number(r.n)]));
}

/** One round trip: a UNION ALL of `count(*) ... group by tenant_id` over every tenant table. */
async function rowCounts(trx: PlatformTx, tables: string[], tenantIds: string[]): Promise<{ table_name: string; tenant_id: string; n: number }[]> {
  if (tables.length === 0 || tenantIds.length === 0) return [];
  const parts = tables.map(
    (table) =>
      sql`select ${table}::text as table_name, tenant_id, count(*) as n from ${sql.table(table)} where tenant_id = any(${tenantIds}::uuid[]) group by tenant_id`,
  );
  const result = await sql<{ table_name: string; tenant_id: string; n: number }>`${sql.join(parts, sql` union all `)}`.execute(trx);
  return result.rows;
}
