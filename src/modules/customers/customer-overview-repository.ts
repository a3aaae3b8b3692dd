/**
 * Everything around one subscriber for the customer page, read straight from the services,
 * installations, plant and CPE tables (their schema is fixed; their modules own the writes).
 * Each query filters by tenant_id and joins on (tenant_id, id), like the composite keys.
 */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import type { BillingMode, CpeKind, CpeStatus, InstallationStatus, PeriodUnit, ServiceStatus } from '../../db/schema.ts';

export interface CustomerServiceView {
  id: string;
  planId: string;
  planName: string;
  downloadMbps: number;
  uploadMbps: number;
  planPriceMinor: number;
  currency: string;
  periodUnit: PeriodUnit;
  periodCount: number;
  billingMode: BillingMode;
  status: ServiceStatus;
  startOn: string;
  endOn: string | null;
  priceOverrideMinor: number | null;
  discountMinor: number | null;
  adjustmentReason: string;
  installationId: string | null;
}

export async function listCustomerServices(trx: TenantTx, tenantId: string, customerId: string): Promise<CustomerServiceView[]> {
  const rows = await trx
    .selectFrom('services as s')
    .innerJoin('service_plans as p', (join) => join.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.plan_id'))
    .select([
      's.id',
      's.plan_id as planId',
      'p.name as planName',
      'p.download_mbps as downloadMbps',
      'p.upload_mbps as uploadMbps',
      'p.price_minor as planPriceMinor',
      'p.currency',
      'p.period_unit as periodUnit',
      'p.period_count as periodCount',
      's.billing_mode as billingMode',
      's.status',
      's.start_on as startOn',
      's.end_on as endOn',
      's.price_override_minor as priceOverrideMinor',
      's.discount_minor as discountMinor',
      's.adjustment_reason as adjustmentReason',
      's.installation_id as installationId',
    ])
    .where('s.tenant_id', '=', tenantId)
    .where('s.customer_id', '=', customerId)
    // Live services first, then the newest.
    .orderBy(sql`s.status = 'terminated'`)
    .orderBy('s.start_on', 'desc')
    .orderBy('s.id')
    .execute();
  // bigint arrives as a string from pg and as a number from PGlite.
  return rows.map((r) => ({
    ...r,
    planPriceMinor: Number(r.planPriceMinor),
    priceOverrideMinor: r.priceOverrideMinor === null ? null : Number(r.priceOverrideMinor),
    discountMinor: r.discountMinor === null ? null : Number(r.discountMinor),
  }));
}

export interface CustomerInstallationView {
  id: string;
  status: InstallationStatus;
  serviceAddress: string;
  scheduledOn: string | null;
  completedOn: string | null;
  endedOn: string | null;
  technicianName: string | null;
  napId: string | null;
  napCode: string | null;
  portNumber: number | null;
  splitterCode: string | null;
  lcpCode: string | null;
  lcpName: string | null;
}

export async function listCustomerInstallations(trx: TenantTx, tenantId: string, customerId: string): Promise<CustomerInstallationView[]> {
  return trx
    .selectFrom('installations as i')
    .leftJoin('nap_ports as np', (join) => join.onRef('np.tenant_id', '=', 'i.tenant_id').onRef('np.id', '=', 'i.nap_port_id'))
    .leftJoin('naps as n', (join) => join.onRef('n.tenant_id', '=', 'np.tenant_id').onRef('n.id', '=', 'np.nap_id'))
    .leftJoin('splitters as sp', (join) => join.onRef('sp.tenant_id', '=', 'n.tenant_id').onRef('sp.id', '=', 'n.splitter_id'))
    .leftJoin('lcps as l', (join) => join.onRef('l.tenant_id', '=', 'sp.tenant_id').onRef('l.id', '=', 'sp.lcp_id'))
    .leftJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 'i.tenant_id').onRef('u.id', '=', 'i.technician_id'))
    .select([
      'i.id',
      'i.status',
      'i.service_address as serviceAddress',
      'i.scheduled_on as scheduledOn',
      'i.completed_on as completedOn',
      'i.ended_on as endedOn',
      'u.name as technicianName',
      'n.id as napId',
      'n.code as napCode',
      'np.port_number as portNumber',
      'sp.code as splitterCode',
      'l.code as lcpCode',
      'l.name as lcpName',
    ])
    .where('i.tenant_id', '=', tenantId)
    .where('i.customer_id', '=', customerId)
    .orderBy(sql`i.status in ('terminated', 'cancelled')`)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id')
    .execute();
}

export interface CustomerDeviceView {
  id: string;
  kind: CpeKind;
  brand: string;
  model: string;
  serialNumber: string;
  macAddress: string | null;
  status: CpeStatus;
  installationId: string | null;
}

/** Devices now at any of these installations. */
export async function listDevicesAt(trx: TenantTx, tenantId: string, installationIds: string[]): Promise<CustomerDeviceView[]> {
  if (installationIds.length === 0) return [];
  return trx
    .selectFrom('cpe_devices')
    .select(['id', 'kind', 'brand', 'model', 'serial_number as serialNumber', 'mac_address as macAddress', 'status', 'installation_id as installationId'])
    .where('tenant_id', '=', tenantId)
    .where('installation_id', 'in', installationIds)
    .orderBy('brand')
    .orderBy('serial_number')
    .execute();
}

export interface CustomerAuditEntry {
  id: string;
  occurredAt: Date;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/**
 * The newest audit entries about the customer and its services and installations. Filtering
 * by entity type first lets the (tenant_id, entity_type, entity_id) index answer it.
 */
export async function listCustomerAuditEntries(trx: TenantTx, tenantId: string, entities: { type: string; ids: string[] }[], limit: number): Promise<CustomerAuditEntry[]> {
  const wanted = entities.filter((e) => e.ids.length > 0);
  if (wanted.length === 0) return [];
  return trx
    .selectFrom('audit_events')
    .select(['id', 'occurred_at as occurredAt', 'actor_label as actorLabel', 'action', 'entity_type as entityType', 'entity_id as entityId', 'before', 'after'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or(wanted.map((e) => eb.and([eb('entity_type', '=', e.type), eb('entity_id', 'in', e.ids)]))))
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
