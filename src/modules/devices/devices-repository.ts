/** CPE devices and their history, as the inventory pages, the API and installations read them. */
import { sql } from 'kysely';
import { isUuid, type TenantTx } from '../../db/tenancy.ts';
import type { CpeEvent, CpeKind, CpeStatus } from '../../db/schema.ts';
import { pageFrom } from '../../lib/cursor.ts';
import { afterCursor, decodeSortCursor, sortKeySelection, type SortDirection, type SortKey } from '../../lib/keyset-sort.ts';
import type { Actor } from '../context.ts';

export interface DeviceView {
  id: string;
  kind: CpeKind;
  brand: string;
  model: string;
  serialNumber: string;
  macAddress: string | null;
  status: CpeStatus;
  installationId: string | null;
  /** The customer of the installation it is at, while installed. */
  customerId: string | null;
  customerName: string | null;
  notes: string;
  externalRef: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function selectDevices(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('cpe_devices as d')
    .leftJoin('installations as i', (j) => j.onRef('i.tenant_id', '=', 'd.tenant_id').onRef('i.id', '=', 'd.installation_id'))
    .leftJoin('customers as c', (j) => j.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.customer_id'))
    .select([
      'd.id',
      'd.kind',
      'd.brand',
      'd.model',
      'd.serial_number as serialNumber',
      'd.mac_address as macAddress',
      'd.status',
      'd.installation_id as installationId',
      'c.id as customerId',
      'c.display_name as customerName',
      'd.notes',
      'd.external_ref as externalRef',
      'd.created_at as createdAt',
      'd.updated_at as updatedAt',
    ])
    .where('d.tenant_id', '=', tenantId);
}

export async function findDevice(trx: TenantTx, tenantId: string, id: string): Promise<DeviceView | undefined> {
  if (!isUuid(id)) return undefined;
  return selectDevices(trx, tenantId).where('d.id', '=', id).executeTakeFirst();
}

/** Locks the devices (in id order, so two installations never deadlock) and returns them. */
export async function lockDevices(trx: TenantTx, tenantId: string, ids: readonly string[]) {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  return trx
    .selectFrom('cpe_devices')
    .select(['id', 'status', 'serial_number', 'installation_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', valid)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function devicesAtInstallation(trx: TenantTx, tenantId: string, installationId: string): Promise<DeviceView[]> {
  return selectDevices(trx, tenantId).where('d.installation_id', '=', installationId).orderBy('d.serial_number').execute();
}

/** The device already holding this serial number or MAC, other than `exceptId`. */
export async function deviceWith(trx: TenantTx, tenantId: string, column: 'serial' | 'mac', value: string, exceptId?: string): Promise<{ id: string } | undefined> {
  let query = trx.selectFrom('cpe_devices').select('id').where('tenant_id', '=', tenantId);
  query = column === 'serial' ? query.where(sql<string>`upper(serial_number)`, '=', value.toUpperCase()) : query.where('mac_address', '=', value);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return query.executeTakeFirst();
}

export interface DeviceEventInput {
  deviceId: string;
  event: CpeEvent;
  fromStatus: CpeStatus | null;
  toStatus: CpeStatus;
  installationId?: string | null;
  customerId?: string | null;
  note?: string;
}

export async function insertDeviceEvent(trx: TenantTx, tenantId: string, actor: Actor, at: Date, input: DeviceEventInput): Promise<void> {
  await trx
    .insertInto('cpe_device_events')
    .values({
      tenant_id: tenantId,
      device_id: input.deviceId,
      event: input.event,
      from_status: input.fromStatus,
      to_status: input.toStatus,
      installation_id: input.installationId ?? null,
      customer_id: input.customerId ?? null,
      note: (input.note ?? '').slice(0, 500),
      occurred_at: at,
      actor_id: actor.type === 'user' ? actor.id : null,
      actor_label: actor.label,
    })
    .execute();
}

export interface DeviceEventView {
  id: string;
  event: CpeEvent;
  fromStatus: CpeStatus | null;
  toStatus: CpeStatus;
  installationId: string | null;
  customerId: string | null;
  customerName: string | null;
  note: string;
  occurredAt: Date;
  actorLabel: string;
}

export async function deviceEvents(trx: TenantTx, tenantId: string, deviceId: string): Promise<DeviceEventView[]> {
  return trx
    .selectFrom('cpe_device_events as e')
    .leftJoin('customers as c', (j) => j.onRef('c.tenant_id', '=', 'e.tenant_id').onRef('c.id', '=', 'e.customer_id'))
    .select([
      'e.id',
      'e.event',
      'e.from_status as fromStatus',
      'e.to_status as toStatus',
      'e.installation_id as installationId',
      'e.customer_id as customerId',
      'c.display_name as customerName',
      'e.note',
      'e.occurred_at as occurredAt',
      'e.actor_label as actorLabel',
    ])
    .where('e.tenant_id', '=', tenantId)
    .where('e.device_id', '=', deviceId)
    .orderBy('e.occurred_at')
    .orderBy('e.id')
    .execute();
}

export const DEVICE_SORTS = {
  created: { expr: sql`d.created_at`, type: 'timestamptz' },
  serial: { expr: sql`upper(d.serial_number)`, type: 'text' },
  model: { expr: sql`lower(d.brand || ' ' || d.model)`, type: 'text' },
  status: { expr: sql`d.status`, type: 'text' },
  kind: { expr: sql`d.kind`, type: 'text' },
} satisfies Record<string, SortKey>;

export type DeviceSort = keyof typeof DEVICE_SORTS;

export interface DeviceListQuery {
  q?: string | undefined;
  status?: CpeStatus | undefined;
  kind?: CpeKind | undefined;
  sort: DeviceSort;
  dir: SortDirection;
  limit: number;
  cursor?: string | undefined;
}

/** Escapes LIKE wildcards so a search for "50%" means those characters. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listDevices(trx: TenantTx, tenantId: string, query: DeviceListQuery): Promise<{ items: DeviceView[]; nextCursor: string | null }> {
  const key = DEVICE_SORTS[query.sort];
  let select = selectDevices(trx, tenantId)
    .select(sortKeySelection(key))
    .where(afterCursor(key, 'd.id', query.dir, decodeSortCursor(query.cursor, key)))
    .orderBy(key.expr, query.dir)
    .orderBy('d.id', query.dir)
    .limit(query.limit + 1);
  if (query.status) select = select.where('d.status', '=', query.status);
  if (query.kind) select = select.where('d.kind', '=', query.kind);
  const q = query.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    // A MAC typed without separators still finds the device.
    const bareMac = q.replace(/[^0-9a-f]/gi, '');
    select = select.where((eb) =>
      eb.or([
        eb(sql`lower(d.serial_number)`, 'like', pattern),
        eb(sql`lower(d.brand || ' ' || d.model)`, 'like', pattern),
        eb(sql`lower(coalesce(d.mac_address, ''))`, 'like', pattern),
        ...(bareMac.length >= 4 ? [eb(sql`lower(replace(coalesce(d.mac_address, ''), ':', ''))`, 'like', likePattern(bareMac))] : []),
      ]),
    );
  }
  const rows = await select.execute();
  const page = pageFrom(rows, query.limit, (row) => [row.sort_key, row.id]);
  return { items: page.items.map(({ sort_key: _k, ...device }) => device), nextCursor: page.nextCursor };
}
