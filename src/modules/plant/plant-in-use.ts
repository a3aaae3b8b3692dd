/**
 * What is live beneath a plant item: installations in a port-holding status on a port of
 * the item (or of anything under it). Deactivation is refused while there are any, with a
 * message naming how many and the first few customers' account numbers.
 */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import { PORT_HOLDING_STATUSES } from '../../db/schema.ts';
import { conflict, type AppError } from '../../lib/errors.ts';

export type PlantLevel = 'lcp' | 'splitter' | 'nap';

export interface LiveBeneath {
  installations: number;
  /** Account numbers of the first few customers, in account-number order. */
  accountNumbers: string[];
}

const SHOWN = 5;

export async function liveInstallationsUnder(trx: TenantTx, tenantId: string, level: PlantLevel, id: string): Promise<LiveBeneath> {
  const column = level === 'lcp' ? sql`s.lcp_id` : level === 'splitter' ? sql`n.splitter_id` : sql`p.nap_id`;
  const holding = sql.join(PORT_HOLDING_STATUSES.map((s) => sql`${s}`));
  const rows = await sql<{ account_number: string; total: number }>`
    select c.account_number, count(*) over ()::int as total
    from installations i
    join nap_ports p on p.tenant_id = i.tenant_id and p.id = i.nap_port_id
    join naps n on n.tenant_id = p.tenant_id and n.id = p.nap_id
    join splitters s on s.tenant_id = n.tenant_id and s.id = n.splitter_id
    join customers c on c.tenant_id = i.tenant_id and c.id = i.customer_id
    where i.tenant_id = ${tenantId} and i.status in (${holding}) and ${column} = ${id}
    order by c.account_number
    limit ${SHOWN}`.execute(trx);
  return { installations: Number(rows.rows[0]?.total ?? 0), accountNumbers: [...new Set(rows.rows.map((r) => r.account_number))] };
}

const LABELS: Record<PlantLevel, string> = { lcp: 'LCP', splitter: 'Splitter', nap: 'NAP' };

/** The 409 for deactivating an item with live customers under it. */
export function plantInUse(level: PlantLevel, code: string, live: LiveBeneath): AppError {
  const more = live.installations > live.accountNumbers.length ? ', …' : '';
  const who = `${live.accountNumbers.join(', ')}${more}`;
  const count = live.installations === 1 ? '1 live installation' : `${live.installations} live installations`;
  return conflict(
    'plant_in_use',
    `${LABELS[level]} ${code} cannot be deactivated: ${count} (customers ${who}) use ports under it. Move or terminate them first.`,
  );
}
