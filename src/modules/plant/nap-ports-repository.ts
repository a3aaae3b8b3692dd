/**
 * Drop ports of NAP boxes and what holds them. A port row beyond its NAP's port count is a
 * retired port kept only because old (terminated or cancelled) installations still point at
 * it; every read here ignores such rows.
 */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import { PORT_HOLDING_STATUSES, type InstallationStatus } from '../../db/schema.ts';

export type PortStatus = 'free' | 'taken' | 'out_of_service';

export interface PortCell {
  id: string;
  napId: string;
  portNumber: number;
  outOfService: boolean;
  notes: string;
  /** taken wins over out_of_service: a held port is shown with its customer. */
  status: PortStatus;
  installationId: string | null;
  installationStatus: InstallationStatus | null;
  customerId: string | null;
  accountNumber: string | null;
  customerName: string | null;
}

/** The port grid of several NAPs at once (the tree draws many), in NAP then port order. */
export async function portsOfNaps(trx: TenantTx, tenantId: string, napIds: readonly string[]): Promise<PortCell[]> {
  if (napIds.length === 0) return [];
  const rows = await trx
    .selectFrom('nap_ports as p')
    .innerJoin('naps as n', (j) => j.onRef('n.tenant_id', '=', 'p.tenant_id').onRef('n.id', '=', 'p.nap_id'))
    .leftJoin('installations as i', (j) =>
      j
        .onRef('i.tenant_id', '=', 'p.tenant_id')
        .onRef('i.nap_port_id', '=', 'p.id')
        .on('i.status', 'in', [...PORT_HOLDING_STATUSES]),
    )
    .leftJoin('customers as c', (j) => j.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.customer_id'))
    .select([
      'p.id',
      'p.nap_id as napId',
      'p.port_number as portNumber',
      'p.out_of_service as outOfService',
      'p.notes',
      'i.id as installationId',
      'i.status as installationStatus',
      'c.id as customerId',
      'c.account_number as accountNumber',
      'c.display_name as customerName',
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('p.nap_id', 'in', napIds)
    .whereRef('p.port_number', '<=', 'n.port_count')
    .orderBy('p.nap_id')
    .orderBy('p.port_number')
    .execute();
  return rows.map((r) => ({ ...r, status: r.installationId ? 'taken' : r.outOfService ? 'out_of_service' : 'free' }));
}

export interface PortRow {
  id: string;
  napId: string;
  portNumber: number;
  outOfService: boolean;
  notes: string;
  portCount: number;
}

export async function findNapPort(trx: TenantTx, tenantId: string, id: string, lock: { forUpdate?: boolean } = {}): Promise<PortRow | undefined> {
  let query = trx
    .selectFrom('nap_ports as p')
    .innerJoin('naps as n', (j) => j.onRef('n.tenant_id', '=', 'p.tenant_id').onRef('n.id', '=', 'p.nap_id'))
    .select(['p.id', 'p.nap_id as napId', 'p.port_number as portNumber', 'p.out_of_service as outOfService', 'p.notes', 'n.port_count as portCount'])
    .where('p.tenant_id', '=', tenantId)
    .where('p.id', '=', id);
  if (lock.forUpdate) query = query.forUpdate('p');
  const row = await query.executeTakeFirst();
  return row && row.portNumber <= row.portCount ? row : undefined;
}

/** Ports of a NAP above `portNumber` that hold a live installation, with the customer. */
export function heldPortsAbove(trx: TenantTx, tenantId: string, napId: string, portNumber: number): Promise<{ portNumber: number; accountNumber: string }[]> {
  return trx
    .selectFrom('nap_ports as p')
    .innerJoin('installations as i', (j) => j.onRef('i.tenant_id', '=', 'p.tenant_id').onRef('i.nap_port_id', '=', 'p.id'))
    .innerJoin('customers as c', (j) => j.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.customer_id'))
    .select(['p.port_number as portNumber', 'c.account_number as accountNumber'])
    .where('p.tenant_id', '=', tenantId)
    .where('p.nap_id', '=', napId)
    .where('p.port_number', '>', portNumber)
    .where('i.status', 'in', [...PORT_HOLDING_STATUSES])
    .orderBy('p.port_number')
    .execute();
}

/**
 * Makes the NAP's port rows match its new port count: adds the missing numbers, and removes
 * rows above the count that no installation (of any status) has ever used. Rows with history
 * stay, ignored by every read, so old installations keep their port.
 */
export async function resizePorts(trx: TenantTx, tenantId: string, napId: string, portCount: number): Promise<void> {
  await sql`
    insert into nap_ports (tenant_id, nap_id, port_number)
    select ${tenantId}, ${napId}, g from generate_series(1, ${portCount}::int) g
    on conflict (tenant_id, nap_id, port_number) do nothing`.execute(trx);
  await sql`
    delete from nap_ports p
    where p.tenant_id = ${tenantId} and p.nap_id = ${napId} and p.port_number > ${portCount}
      and not exists (select 1 from installations i where i.tenant_id = p.tenant_id and i.nap_port_id = p.id)`.execute(trx);
}

/** The live installation on a port, if any (with the customer's account number). */
export function holderOf(trx: TenantTx, tenantId: string, portId: string): Promise<{ installationId: string; accountNumber: string } | undefined> {
  return trx
    .selectFrom('installations as i')
    .innerJoin('customers as c', (j) => j.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.customer_id'))
    .select(['i.id as installationId', 'c.account_number as accountNumber'])
    .where('i.tenant_id', '=', tenantId)
    .where('i.nap_port_id', '=', portId)
    .where('i.status', 'in', [...PORT_HOLDING_STATUSES])
    .executeTakeFirst();
}
