/**
 * Reading and writing subscribers and their status history. Every function takes the tenant
 * transaction first and filters by tenant_id explicitly (RLS would catch a miss; indexes and
 * Citus need the filter).
 */
import { sql, type Insertable, type Selectable } from 'kysely';
import { isUuid, type TenantTx } from '../../db/tenancy.ts';
import type { CustomerStatus, CustomersTable, LocationAccuracy } from '../../db/schema.ts';

export const CUSTOMER_STATUSES: readonly CustomerStatus[] = ['lead', 'active', 'suspended', 'disconnected', 'terminated'];

export function isCustomerStatus(value: unknown): value is CustomerStatus {
  return typeof value === 'string' && (CUSTOMER_STATUSES as readonly string[]).includes(value);
}

export interface CustomerView {
  id: string;
  accountNumber: string;
  firstName: string;
  lastName: string;
  companyName: string;
  displayName: string;
  email: string | null;
  phone: string;
  altPhone: string;
  serviceAddress: string;
  areaId: string | null;
  areaName: string | null;
  latitude: number | null;
  longitude: number | null;
  locationAccuracy: LocationAccuracy | null;
  locationNotes: string;
  status: CustomerStatus;
  statusChangedAt: Date;
  notes: string;
  tags: string[];
  externalRef: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type CustomerRow = Omit<Selectable<CustomersTable>, 'search_text'> & { area_name: string | null };

export function toCustomerView(row: CustomerRow): CustomerView {
  return {
    id: row.id,
    accountNumber: row.account_number,
    firstName: row.first_name,
    lastName: row.last_name,
    companyName: row.company_name,
    displayName: row.display_name,
    email: row.email,
    phone: row.phone,
    altPhone: row.alt_phone,
    serviceAddress: row.service_address,
    areaId: row.area_id,
    areaName: row.area_name,
    latitude: row.latitude,
    longitude: row.longitude,
    locationAccuracy: row.location_accuracy,
    locationNotes: row.location_notes,
    status: row.status,
    statusChangedAt: row.status_changed_at,
    notes: row.notes,
    tags: row.tags,
    externalRef: row.external_ref,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function selectCustomer(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('customers as c')
    .leftJoin('service_areas as a', (join) => join.onRef('a.tenant_id', '=', 'c.tenant_id').onRef('a.id', '=', 'c.area_id'))
    .selectAll('c')
    .select('a.name as area_name')
    .where('c.tenant_id', '=', tenantId);
}

export async function findCustomer(trx: TenantTx, tenantId: string, customerId: string): Promise<CustomerView | undefined> {
  if (!isUuid(customerId)) return undefined;
  const row = await selectCustomer(trx, tenantId).where('c.id', '=', customerId).executeTakeFirst();
  return row ? toCustomerView(row) : undefined;
}

/**
 * The customer row locked until the transaction ends, so two edits or status changes of the
 * same subscriber queue instead of overwriting each other's before-values in the audit log.
 */
export async function lockCustomer(trx: TenantTx, tenantId: string, customerId: string): Promise<CustomerView | undefined> {
  if (!isUuid(customerId)) return undefined;
  const locked = await trx
    .selectFrom('customers')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .forUpdate()
    .executeTakeFirst();
  return locked ? findCustomer(trx, tenantId, customerId) : undefined;
}

export type CustomerColumns = Omit<Insertable<CustomersTable>, 'tenant_id' | 'id' | 'account_number' | 'status' | 'status_changed_at' | 'created_at' | 'updated_at'>;

export async function insertCustomer(
  trx: TenantTx,
  tenantId: string,
  values: CustomerColumns & { account_number: string; status: CustomerStatus; now: Date },
): Promise<string> {
  const { now, ...columns } = values;
  const row = await trx
    .insertInto('customers')
    .values({ ...columns, tenant_id: tenantId, status_changed_at: now, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCustomerColumns(trx: TenantTx, tenantId: string, customerId: string, changes: Partial<CustomerColumns>, now: Date): Promise<void> {
  await trx
    .updateTable('customers')
    .set({ ...changes, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .execute();
}

export async function setCustomerStatus(trx: TenantTx, tenantId: string, customerId: string, status: CustomerStatus, now: Date): Promise<void> {
  await trx
    .updateTable('customers')
    .set({ status, status_changed_at: now, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .execute();
}

/** Another customer of the tenant with this (lower-cased) e-mail, if any. */
export async function emailInUse(trx: TenantTx, tenantId: string, email: string, exceptId?: string): Promise<boolean> {
  let query = trx.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where((eb) => eb.fn('lower', ['email']), '=', email.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function externalRefInUse(trx: TenantTx, tenantId: string, externalRef: string, exceptId?: string): Promise<boolean> {
  let query = trx.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where('external_ref', '=', externalRef);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function isActiveArea(trx: TenantTx, tenantId: string, areaId: string): Promise<boolean> {
  if (!isUuid(areaId)) return false;
  const row = await trx.selectFrom('service_areas').select('id').where('tenant_id', '=', tenantId).where('id', '=', areaId).where('active', '=', true).executeTakeFirst();
  return row !== undefined;
}

/** What creating and showing customers needs from the tenant's settings. */
export interface CustomerSettings {
  accountNumberPrefix: string;
  timeZone: string;
  locale: string;
  mapTileUrl: string;
  mapAttribution: string;
}

export async function findCustomerSettings(trx: TenantTx, tenantId: string): Promise<CustomerSettings> {
  const row = await trx
    .selectFrom('tenant_settings')
    .select(['account_number_prefix', 'time_zone', 'locale', 'map_tile_url', 'map_attribution'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return {
    accountNumberPrefix: row.account_number_prefix,
    timeZone: row.time_zone,
    locale: row.locale,
    mapTileUrl: row.map_tile_url,
    mapAttribution: row.map_attribution,
  };
}

export interface StatusChangeView {
  id: string;
  fromStatus: CustomerStatus | null;
  toStatus: CustomerStatus;
  reason: string;
  /** YYYY-MM-DD in the tenant's time zone. */
  effectiveOn: string;
  changedAt: Date;
  actorId: string | null;
  actorLabel: string;
}

export async function insertStatusChange(
  trx: TenantTx,
  tenantId: string,
  change: { customerId: string; fromStatus: CustomerStatus | null; toStatus: CustomerStatus; reason: string; effectiveOn: string; changedAt: Date; actorId: string | null; actorLabel: string },
): Promise<void> {
  await trx
    .insertInto('customer_status_changes')
    .values({
      tenant_id: tenantId,
      customer_id: change.customerId,
      from_status: change.fromStatus,
      to_status: change.toStatus,
      reason: change.reason,
      effective_on: change.effectiveOn,
      changed_at: change.changedAt,
      actor_id: change.actorId,
      actor_label: change.actorLabel,
    })
    .execute();
}

/** Oldest first: the order a subscriber's story is read in. */
export async function listStatusChanges(trx: TenantTx, tenantId: string, customerId: string): Promise<StatusChangeView[]> {
  return trx
    .selectFrom('customer_status_changes')
    .select([
      'id',
      'from_status as fromStatus',
      'to_status as toStatus',
      'reason',
      'effective_on as effectiveOn',
      'changed_at as changedAt',
      'actor_id as actorId',
      'actor_label as actorLabel',
    ])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    // Two changes in the same instant (an import, a frozen test clock) still read in order:
    // the first row is the only one without a from-status.
    .orderBy('changed_at')
    .orderBy('effective_on')
    .orderBy(sql`from_status is not null`)
    .orderBy('id')
    .execute();
}

/** The latest effective date in the history: a new change may not take effect before it. */
export async function lastEffectiveOn(trx: TenantTx, tenantId: string, customerId: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('customer_status_changes')
    .select((eb) => eb.fn.max('effective_on').as('last'))
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row?.last ?? undefined;
}
