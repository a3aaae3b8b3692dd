/**
 * Service areas as pages and the API see them. An area's full path ("Cavite > Imus >
 * Bayan Luma") is not stored: it is derived from the parent links by one recursive query, so
 * renaming or moving an area can never leave a stale path on its descendants.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isUuid, type TenantTx } from '../../db/tenancy.ts';

export interface AreaView {
  id: string;
  parentId: string | null;
  name: string;
  code: string | null;
  kind: string;
  active: boolean;
  externalRef: string | null;
  /** Names from the top-level area down to this one, joined with " > ". */
  path: string;
  /** 0 for a top-level area. */
  depth: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Separator of the display path. */
export const PATH_SEPARATOR = ' > ';

/**
 * Deeper than any real hierarchy; the recursion stops here even if a cycle ever slipped past
 * the move check (it cannot: moves are serialised per tenant, see lockAreaMoves).
 */
const MAX_DEPTH = 32;

/**
 * The tenant's areas with their paths, as a CTE named `area_tree`. `sort_path` joins the
 * lower-cased names with chr(1), which sorts below every printable character under the "C"
 * collation: a parent then always sorts directly before its own children ("Cavite",
 * "Cavite > Imus", "Cavite 2"), which " > " under a linguistic collation does not guarantee.
 */
export function withAreaTree(trx: TenantTx, tenantId: string) {
  return trx.withRecursive('area_tree(id, path, sort_path, depth)', (db) =>
    db
      .selectFrom('service_areas')
      .select([
        'id',
        sql<string>`name`.as('path'),
        sql<string>`lower(name)`.as('sort_path'),
        sql<number>`0`.as('depth'),
      ])
      .where('tenant_id', '=', tenantId)
      .where('parent_id', 'is', null)
      .unionAll((db2) =>
        db2
          .selectFrom('service_areas as c')
          .innerJoin('area_tree as p', 'p.id', 'c.parent_id')
          .select([
            'c.id',
            sql<string>`p.path || ${PATH_SEPARATOR} || c.name`.as('path'),
            sql<string>`p.sort_path || chr(1) || lower(c.name)`.as('sort_path'),
            sql<number>`p.depth + 1`.as('depth'),
          ])
          .where('c.tenant_id', '=', tenantId)
          .where(sql<boolean>`p.depth < ${MAX_DEPTH}`),
      ),
  );
}

/** Areas joined to their paths; callers add filters, order and limits. */
export function selectAreas(trx: TenantTx, tenantId: string) {
  return withAreaTree(trx, tenantId)
    .selectFrom('service_areas as a')
    .innerJoin('area_tree as t', 't.id', 'a.id')
    .select([
      'a.id',
      'a.parent_id as parentId',
      'a.name',
      'a.code',
      'a.kind',
      'a.active',
      'a.external_ref as externalRef',
      't.path',
      't.depth',
      'a.created_at as createdAt',
      'a.updated_at as updatedAt',
    ])
    .where('a.tenant_id', '=', tenantId);
}

/** The sort expression of the path order (see withAreaTree). */
export const SORT_PATH: RawBuilder<unknown> = sql`t.sort_path collate "C"`;

export async function findArea(trx: TenantTx, tenantId: string, areaId: string): Promise<AreaView | undefined> {
  if (!isUuid(areaId)) return undefined;
  return selectAreas(trx, tenantId).where('a.id', '=', areaId).executeTakeFirst();
}

/** Locks one area row for the rest of the transaction (before changing or deleting it). */
export async function lockArea(trx: TenantTx, tenantId: string, areaId: string): Promise<boolean> {
  if (!isUuid(areaId)) return false;
  const row = await trx.selectFrom('service_areas').select('id').where('tenant_id', '=', tenantId).where('id', '=', areaId).forUpdate().executeTakeFirst();
  return row !== undefined;
}

/**
 * Serialises changes of parent links within one tenant. Two concurrent moves (A under B, B
 * under A) would each pass the cycle check on their own snapshot; taking this lock first
 * makes the second one see the first.
 */
export async function lockAreaMoves(trx: TenantTx, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('service_areas.parent'), hashtext(${tenantId}))`.execute(trx);
}

/** Ids of an area and all areas below it. */
export async function subtreeIds(trx: TenantTx, tenantId: string, areaId: string): Promise<string[]> {
  const rows = await trx
    .withRecursive('sub(id, depth)', (db) =>
      db
        .selectFrom('service_areas')
        .select(['id', sql<number>`0`.as('depth')])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', areaId)
        .unionAll((db2) =>
          db2
            .selectFrom('service_areas as c')
            .innerJoin('sub as s', 's.id', 'c.parent_id')
            .select(['c.id', sql<number>`s.depth + 1`.as('depth')])
            .where('c.tenant_id', '=', tenantId)
            .where(sql<boolean>`s.depth < ${MAX_DEPTH}`),
        ),
    )
    .selectFrom('sub')
    .select('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * A list filter: whether `areaColumn` (qualified, e.g. `c.area_id`) is the area or one below
 * it. UNION (not UNION ALL) stops on a cycle, should a bad re-parenting ever make one.
 */
export function inAreaSubtree(areaColumn: string, tenantId: string, areaId: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(areaColumn)} in (
      with recursive sub(id) as (
        select id from service_areas where tenant_id = ${tenantId} and id = ${areaId}
        union
        select a.id from service_areas a join sub on a.parent_id = sub.id where a.tenant_id = ${tenantId}
      ) select id from sub)`;
}

/** Whether a sibling (same parent) other than `exceptId` already has this name or code. */
export async function siblingClash(
  trx: TenantTx,
  tenantId: string,
  parentId: string | null,
  column: 'name' | 'code',
  value: string,
  exceptId?: string,
): Promise<boolean> {
  let query = trx
    .selectFrom('service_areas')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`parent_id is not distinct from ${parentId}::uuid`)
    .where(sql<boolean>`lower(${sql.ref(column)}) = lower(${value})`);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export interface AreaUsage {
  children: number;
  customers: number;
  lcps: number;
}

/** What points at an area: the rows that stop it from being deleted. */
export async function areaUsage(trx: TenantTx, tenantId: string, areaId: string): Promise<AreaUsage> {
  const row = await sql<AreaUsage>`
    select
      (select count(*) from service_areas where tenant_id = ${tenantId} and parent_id = ${areaId})::int as children,
      (select count(*) from customers where tenant_id = ${tenantId} and area_id = ${areaId})::int as customers,
      (select count(*) from lcps where tenant_id = ${tenantId} and area_id = ${areaId})::int as lcps
  `.execute(trx);
  return row.rows[0] ?? { children: 0, customers: 0, lcps: 0 };
}

/** Customers per area (only areas that have any), for the tree page. */
export async function customerCountsByArea(trx: TenantTx, tenantId: string): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('customers')
    .select(['area_id', sql<number>`count(*)::int`.as('n')])
    .where('tenant_id', '=', tenantId)
    .where('area_id', 'is not', null)
    .groupBy('area_id')
    .execute();
  return new Map(rows.map((r) => [r.area_id as string, r.n]));
}
