/**
 * Drop-port capacity at every level of the plant, for the tree, the item pages, the lists,
 * the API and the network map. One grouped query per level, whatever the number of items.
 *
 * - total: drop ports (NAP ports 1..port_count);
 * - used: ports holding an installation in a port-holding status (scheduled, active,
 *   suspended: PORT_HOLDING_STATUSES, the same set the unique index guards);
 * - outOfService: ports marked out of service that hold nothing;
 * - free: ports a new installation could take now (in service, not held, NAP active).
 *
 * A NAP counts its own ports even while inactive (its free is then 0). A splitter or LCP
 * counts only its active NAPs under active splitters: a deactivated box is out of the network.
 */
import { sql, type RawBuilder } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import { PORT_HOLDING_STATUSES } from '../../db/schema.ts';

export interface Capacity {
  total: number;
  used: number;
  outOfService: number;
  free: number;
}

export const EMPTY_CAPACITY: Capacity = Object.freeze({ total: 0, used: 0, outOfService: 0, free: 0 });

/** Which items to count: a list of ids, or every item of the tenant (the map). */
export type Selection = readonly string[] | 'all';

type Level = 'nap' | 'splitter' | 'lcp';

const GROUP_COLUMN: Record<Level, RawBuilder<unknown>> = {
  nap: sql`n.id`,
  splitter: sql`s.id`,
  lcp: sql`l.id`,
};

/**
 * The shared grouped count. Joins down from the LCP so every level reads the same way; the
 * installation join is a left join on the partial unique index's own condition.
 */
async function capacities(trx: TenantTx, tenantId: string, level: Level, selection: Selection): Promise<Map<string, Capacity>> {
  const out = new Map<string, Capacity>();
  if (selection !== 'all' && selection.length === 0) return out;
  const group = GROUP_COLUMN[level];
  const idFilter = selection === 'all' ? sql`true` : sql`${group} in (${sql.join(selection.map((id) => sql`${id}::uuid`))})`;
  // Above the NAP level only the live network counts; a NAP reports on itself whatever its state.
  const liveFilter = level === 'nap' ? sql`true` : level === 'splitter' ? sql`n.active` : sql`n.active and s.active`;
  const holding = sql.join(PORT_HOLDING_STATUSES.map((s) => sql`${s}`));
  const rows = await sql<{ id: string; total: number; used: number; out_of_service: number; free: number }>`
    select ${group} as id,
      count(p.id)::int as total,
      count(i.id)::int as used,
      (count(p.id) filter (where p.out_of_service and i.id is null))::int as out_of_service,
      (count(p.id) filter (where not p.out_of_service and i.id is null and n.active and s.active and l.active))::int as free
    from lcps l
    join splitters s on s.tenant_id = l.tenant_id and s.lcp_id = l.id
    join naps n on n.tenant_id = s.tenant_id and n.splitter_id = s.id
    join nap_ports p on p.tenant_id = n.tenant_id and p.nap_id = n.id and p.port_number <= n.port_count
    left join installations i on i.tenant_id = p.tenant_id and i.nap_port_id = p.id and i.status in (${holding})
    where l.tenant_id = ${tenantId} and ${idFilter} and ${liveFilter}
    group by ${group}`.execute(trx);
  for (const row of rows.rows) {
    out.set(row.id, { total: Number(row.total), used: Number(row.used), outOfService: Number(row.out_of_service), free: Number(row.free) });
  }
  return out;
}

export function napCapacities(trx: TenantTx, tenantId: string, napIds: Selection): Promise<Map<string, Capacity>> {
  return capacities(trx, tenantId, 'nap', napIds);
}

export function splitterCapacities(trx: TenantTx, tenantId: string, splitterIds: Selection): Promise<Map<string, Capacity>> {
  return capacities(trx, tenantId, 'splitter', splitterIds);
}

export function lcpCapacities(trx: TenantTx, tenantId: string, lcpIds: Selection): Promise<Map<string, Capacity>> {
  return capacities(trx, tenantId, 'lcp', lcpIds);
}

/**
 * The selection for a page of items: their ids, or the whole tenant when the page is an
 * export large enough that one id list would outgrow a statement's parameters.
 */
export function selectionFor(ids: readonly string[]): Selection {
  return ids.length > 1000 ? 'all' : ids;
}

/** A map lookup that never returns undefined (an item with no ports has an empty capacity). */
export function capacityOf(map: Map<string, Capacity>, id: string): Capacity {
  return map.get(id) ?? { ...EMPTY_CAPACITY };
}

/** Used share in whole percent, for the utilisation bars (0 when there are no ports). */
export function utilisation(capacity: Capacity): number {
  return capacity.total === 0 ? 0 : Math.round((capacity.used / capacity.total) * 100);
}
