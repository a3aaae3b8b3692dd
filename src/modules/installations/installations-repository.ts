/** Installations with what people need to see beside them: customer, port path, technician. */
import { sql, type SqlBool } from 'kysely';
import { isUuid, type TenantTx } from '../../db/tenancy.ts';
import type { InstallationStatus, LocationAccuracy } from '../../db/schema.ts';
import { pageFrom } from '../../lib/cursor.ts';
import { inAreaSubtree } from '../areas/areas-repository.ts';
import { afterCursor, decodeSortCursor, sortKeySelection, type SortDirection, type SortKey } from '../../lib/keyset-sort.ts';

export interface InstallationView {
  id: string;
  customerId: string;
  customerName: string;
  accountNumber: string;
  serviceAddress: string;
  latitude: number | null;
  longitude: number | null;
  locationAccuracy: LocationAccuracy | null;
  locationNotes: string;
  napPortId: string | null;
  portNumber: number | null;
  napId: string | null;
  napCode: string | null;
  splitterId: string | null;
  splitterCode: string | null;
  lcpId: string | null;
  lcpCode: string | null;
  technicianId: string | null;
  technicianName: string | null;
  scheduledOn: string | null;
  completedOn: string | null;
  endedOn: string | null;
  status: InstallationStatus;
  notes: string;
  externalRef: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function selectInstallations(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('installations as i')
    .innerJoin('customers as c', (j) => j.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.customer_id'))
    .leftJoin('nap_ports as p', (j) => j.onRef('p.tenant_id', '=', 'i.tenant_id').onRef('p.id', '=', 'i.nap_port_id'))
    .leftJoin('naps as n', (j) => j.onRef('n.tenant_id', '=', 'p.tenant_id').onRef('n.id', '=', 'p.nap_id'))
    .leftJoin('splitters as s', (j) => j.onRef('s.tenant_id', '=', 'n.tenant_id').onRef('s.id', '=', 'n.splitter_id'))
    .leftJoin('lcps as l', (j) => j.onRef('l.tenant_id', '=', 's.tenant_id').onRef('l.id', '=', 's.lcp_id'))
    .leftJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 'i.tenant_id').onRef('u.id', '=', 'i.technician_id'))
    .select([
      'i.id',
      'i.customer_id as customerId',
      'c.display_name as customerName',
      'c.account_number as accountNumber',
      'i.service_address as serviceAddress',
      'i.latitude',
      'i.longitude',
      'i.location_accuracy as locationAccuracy',
      'i.location_notes as locationNotes',
      'i.nap_port_id as napPortId',
      'p.port_number as portNumber',
      'n.id as napId',
      'n.code as napCode',
      's.id as splitterId',
      's.code as splitterCode',
      'l.id as lcpId',
      'l.code as lcpCode',
      'i.technician_id as technicianId',
      'u.name as technicianName',
      'i.scheduled_on as scheduledOn',
      'i.completed_on as completedOn',
      'i.ended_on as endedOn',
      'i.status',
      'i.notes',
      'i.external_ref as externalRef',
      'i.created_at as createdAt',
      'i.updated_at as updatedAt',
    ])
    .where('i.tenant_id', '=', tenantId);
}

export async function findInstallation(trx: TenantTx, tenantId: string, id: string): Promise<InstallationView | undefined> {
  if (!isUuid(id)) return undefined;
  return selectInstallations(trx, tenantId).where('i.id', '=', id).executeTakeFirst();
}

/** Locks the installation row for a status change and returns it as seen after the lock. */
export async function lockInstallation(trx: TenantTx, tenantId: string, id: string): Promise<InstallationView | undefined> {
  if (!isUuid(id)) return undefined;
  const locked = await trx.selectFrom('installations').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  return locked ? findInstallation(trx, tenantId, locked.id) : undefined;
}

export async function installationsOfCustomer(trx: TenantTx, tenantId: string, customerId: string): Promise<InstallationView[]> {
  return selectInstallations(trx, tenantId).where('i.customer_id', '=', customerId).orderBy('i.created_at', 'desc').execute();
}

export const INSTALLATION_SORTS = {
  created: { expr: sql`i.created_at`, type: 'timestamptz' },
  scheduled: { expr: sql`coalesce(i.scheduled_on, date '9999-12-31')`, type: 'date' },
  status: { expr: sql`i.status`, type: 'text' },
  customer: { expr: sql`lower(c.display_name)`, type: 'text' },
} satisfies Record<string, SortKey>;

export type InstallationSort = keyof typeof INSTALLATION_SORTS;

export interface InstallationListQuery {
  q?: string | undefined;
  status?: InstallationStatus | undefined;
  customerId?: string | undefined;
  napId?: string | undefined;
  lcpId?: string | undefined;
  technicianId?: string | undefined;
  /** The customer's area or any area below it. */
  areaId?: string | undefined;
  /** Has a service on this plan (on this installation) that is not terminated. */
  planId?: string | undefined;
  scheduledFrom?: string | undefined;
  scheduledTo?: string | undefined;
  sort: InstallationSort;
  dir: SortDirection;
  limit: number;
  cursor?: string | undefined;
}

/** The list's query with its filters, order and limit + 1, for a page or the CSV export to run. */
export function installationListQuery(trx: TenantTx, tenantId: string, query: InstallationListQuery) {
  const key = INSTALLATION_SORTS[query.sort];
  let select = selectInstallations(trx, tenantId)
    .select(sortKeySelection(key))
    .where(afterCursor(key, 'i.id', query.dir, decodeSortCursor(query.cursor, key)))
    .orderBy(key.expr, query.dir)
    .orderBy('i.id', query.dir)
    .limit(query.limit + 1);
  if (query.status) select = select.where('i.status', '=', query.status);
  // A filter id that is not a uuid matches nothing (rather than a database error).
  const byId = (value: string | undefined) => (value === undefined ? undefined : isUuid(value) ? value : '00000000-0000-0000-0000-000000000000');
  const customerId = byId(query.customerId);
  const napId = byId(query.napId);
  const lcpId = byId(query.lcpId);
  const technicianId = byId(query.technicianId);
  if (customerId) select = select.where('i.customer_id', '=', customerId);
  if (napId) select = select.where('n.id', '=', napId);
  if (lcpId) select = select.where('l.id', '=', lcpId);
  if (technicianId) select = select.where('i.technician_id', '=', technicianId);
  const areaId = byId(query.areaId);
  if (areaId) {
    // The customer's area or any area below it, as the customers and services lists filter.
    select = select.where(inAreaSubtree('c.area_id', tenantId, areaId));
  }
  const planId = byId(query.planId);
  if (planId) {
    select = select.where(sql<SqlBool>`exists (select 1 from services sv
      where sv.tenant_id = ${tenantId} and sv.installation_id = i.id and sv.plan_id = ${planId} and sv.status <> 'terminated')`);
  }
  if (query.scheduledFrom) select = select.where('i.scheduled_on', '>=', query.scheduledFrom);
  if (query.scheduledTo) select = select.where('i.scheduled_on', '<=', query.scheduledTo);
  const q = query.q?.trim().toLowerCase();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    select = select.where((eb) => eb.or([eb(sql`lower(c.display_name)`, 'like', pattern), eb(sql`lower(c.account_number)`, 'like', pattern), eb(sql`lower(i.service_address)`, 'like', pattern)]));
  }
  return select;
}

export async function listInstallations(trx: TenantTx, tenantId: string, query: InstallationListQuery): Promise<{ items: InstallationView[]; nextCursor: string | null }> {
  const rows = await installationListQuery(trx, tenantId, query).execute();
  const page = pageFrom(rows, query.limit, (row) => [row.sort_key, row.id]);
  return { items: page.items.map(({ sort_key: _k, ...row }) => row), nextCursor: page.nextCursor };
}

/** The customer facts an installation starts from (address and location default from here). */
export async function findCustomerForInstallation(trx: TenantTx, tenantId: string, customerId: string) {
  if (!isUuid(customerId)) return undefined;
  return trx
    .selectFrom('customers')
    .select(['id', 'status', 'display_name', 'service_address', 'latitude', 'longitude', 'location_accuracy', 'location_notes'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .executeTakeFirst();
}

/** Active staff of the tenant, for the technician select and its check. */
export async function activeStaff(trx: TenantTx, tenantId: string): Promise<{ id: string; name: string }[]> {
  return trx.selectFrom('users').select(['id', 'name']).where('tenant_id', '=', tenantId).where('status', '=', 'active').orderBy('name').execute();
}

export async function isActiveStaff(trx: TenantTx, tenantId: string, userId: string): Promise<boolean> {
  if (!isUuid(userId)) return false;
  const row = await trx.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('id', '=', userId).where('status', '=', 'active').executeTakeFirst();
  return row !== undefined;
}

/** The audit log's picture of an installation. */
export function installationAudit(i: InstallationView) {
  return {
    customerId: i.customerId,
    status: i.status,
    napPortId: i.napPortId,
    technicianId: i.technicianId,
    scheduledOn: i.scheduledOn,
    completedOn: i.completedOn,
    endedOn: i.endedOn,
    serviceAddress: i.serviceAddress,
    latitude: i.latitude,
    longitude: i.longitude,
    locationAccuracy: i.locationAccuracy,
    locationNotes: i.locationNotes,
    notes: i.notes,
    externalRef: i.externalRef,
  };
}
