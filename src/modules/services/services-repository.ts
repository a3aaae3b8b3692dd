/** Services (a customer subscribed to a plan) with their customer and plan, and plan history. */
import { sql, type Insertable } from 'kysely';
import { isUuid, type TenantTx } from '../../db/tenancy.ts';
import { PORT_HOLDING_STATUSES, type BillingMode, type CustomerStatus, type InstallationStatus, type ServicesTable, type ServiceStatus } from '../../db/schema.ts';
import { pageFrom } from '../../lib/cursor.ts';
import { inAreaSubtree } from '../areas/areas-repository.ts';
import { afterCursor, decodeSortCursor, sortKeySelection, type SortDirection, type SortKey } from '../../lib/keyset-sort.ts';

export interface ServiceView {
  id: string;
  customerId: string;
  customerName: string;
  accountNumber: string;
  planId: string;
  planName: string;
  planPriceMinor: number;
  currency: string;
  installationId: string | null;
  billingMode: BillingMode;
  startOn: string;
  endOn: string | null;
  status: ServiceStatus;
  priceOverrideMinor: number | null;
  discountMinor: number | null;
  adjustmentReason: string;
  notes: string;
  externalRef: string | null;
  /** End (exclusive) of the last invoiced (postpaid) or bought (prepaid) period; null before the first. */
  billedUntil: string | null;
  /** A plan change waiting for the end of the period, if any. */
  scheduledPlanChange: { id: string; toPlanId: string; toPlanName: string; effectiveOn: string } | null;
  createdAt: Date;
  updatedAt: Date;
}

function selectServices(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('services as s')
    .innerJoin('customers as c', (j) => j.onRef('c.tenant_id', '=', 's.tenant_id').onRef('c.id', '=', 's.customer_id'))
    .innerJoin('service_plans as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.plan_id'))
    // At most one row: a unique index allows one scheduled change per service.
    .leftJoin('scheduled_plan_changes as sc', (j) => j.onRef('sc.tenant_id', '=', 's.tenant_id').onRef('sc.service_id', '=', 's.id').on('sc.status', '=', 'scheduled'))
    .leftJoin('service_plans as sp', (j) => j.onRef('sp.tenant_id', '=', 'sc.tenant_id').onRef('sp.id', '=', 'sc.to_plan_id'))
    .select([
      's.id',
      's.customer_id as customerId',
      'c.display_name as customerName',
      'c.account_number as accountNumber',
      's.plan_id as planId',
      'p.name as planName',
      'p.price_minor as planPriceMinor',
      'p.currency',
      's.installation_id as installationId',
      's.billing_mode as billingMode',
      's.start_on as startOn',
      's.end_on as endOn',
      's.status',
      's.price_override_minor as priceOverrideMinor',
      's.discount_minor as discountMinor',
      's.adjustment_reason as adjustmentReason',
      's.notes',
      's.external_ref as externalRef',
      's.billed_until as billedUntil',
      'sc.id as scheduledChangeId',
      'sc.to_plan_id as scheduledPlanId',
      'sp.name as scheduledPlanName',
      'sc.effective_on as scheduledOn',
      's.created_at as createdAt',
      's.updated_at as updatedAt',
    ])
    .where('s.tenant_id', '=', tenantId);
}

interface ServiceRow extends Omit<ServiceView, 'scheduledPlanChange'> {
  scheduledChangeId: string | null;
  scheduledPlanId: string | null;
  scheduledPlanName: string | null;
  scheduledOn: string | null;
}

/** bigint columns come back as strings from pg and numbers from PGlite: one shape out. */
function normalise(row: ServiceRow): ServiceView {
  const { scheduledChangeId, scheduledPlanId, scheduledPlanName, scheduledOn, ...service } = row;
  return {
    ...service,
    planPriceMinor: Number(row.planPriceMinor),
    priceOverrideMinor: row.priceOverrideMinor === null ? null : Number(row.priceOverrideMinor),
    discountMinor: row.discountMinor === null ? null : Number(row.discountMinor),
    scheduledPlanChange:
      scheduledChangeId && scheduledPlanId && scheduledPlanName && scheduledOn ? { id: scheduledChangeId, toPlanId: scheduledPlanId, toPlanName: scheduledPlanName, effectiveOn: scheduledOn } : null,
  };
}

export async function findService(trx: TenantTx, tenantId: string, id: string): Promise<ServiceView | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await selectServices(trx, tenantId).where('s.id', '=', id).executeTakeFirst();
  return row ? normalise(row) : undefined;
}

export async function lockService(trx: TenantTx, tenantId: string, id: string): Promise<ServiceView | undefined> {
  if (!isUuid(id)) return undefined;
  const locked = await trx.selectFrom('services').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  return locked ? findService(trx, tenantId, locked.id) : undefined;
}

export const SERVICE_SORTS = {
  created: { expr: sql`s.created_at`, type: 'timestamptz' },
  start: { expr: sql`s.start_on`, type: 'date' },
  customer: { expr: sql`lower(c.display_name)`, type: 'text' },
  plan: { expr: sql`lower(p.name)`, type: 'text' },
  status: { expr: sql`s.status`, type: 'text' },
} satisfies Record<string, SortKey>;

export type ServiceSort = keyof typeof SERVICE_SORTS;

export interface ServiceListQuery {
  q?: string | undefined;
  status?: ServiceStatus | undefined;
  planId?: string | undefined;
  billingMode?: BillingMode | undefined;
  customerId?: string | undefined;
  /** The customer's area or any area below it. */
  areaId?: string | undefined;
  /** The service's installation holds a port of this NAP. */
  napId?: string | undefined;
  sort: ServiceSort;
  dir: SortDirection;
  limit: number;
  cursor?: string | undefined;
}

const NO_ROW = '00000000-0000-0000-0000-000000000000';

export async function listServices(trx: TenantTx, tenantId: string, query: ServiceListQuery): Promise<{ items: ServiceView[]; nextCursor: string | null }> {
  const key = SERVICE_SORTS[query.sort];
  let select = selectServices(trx, tenantId)
    .select(sortKeySelection(key))
    .where(afterCursor(key, 's.id', query.dir, decodeSortCursor(query.cursor, key)))
    .orderBy(key.expr, query.dir)
    .orderBy('s.id', query.dir)
    .limit(query.limit + 1);
  if (query.status) select = select.where('s.status', '=', query.status);
  if (query.billingMode) select = select.where('s.billing_mode', '=', query.billingMode);
  if (query.planId) select = select.where('s.plan_id', '=', isUuid(query.planId) ? query.planId : NO_ROW);
  if (query.customerId) select = select.where('s.customer_id', '=', isUuid(query.customerId) ? query.customerId : NO_ROW);
  if (query.areaId) {
    const areaId = isUuid(query.areaId) ? query.areaId : NO_ROW;
    select = select.where(inAreaSubtree('c.area_id', tenantId, areaId));
  }
  if (query.napId) {
    const napId = isUuid(query.napId) ? query.napId : NO_ROW;
    select = select.where(sql<boolean>`exists (select 1 from installations i join nap_ports np on np.tenant_id = i.tenant_id and np.id = i.nap_port_id
      where i.tenant_id = ${tenantId} and i.id = s.installation_id and np.nap_id = ${napId}
        and i.status in (${sql.join([...PORT_HOLDING_STATUSES])}))`);
  }
  const q = query.q?.trim().toLowerCase();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    select = select.where((eb) => eb.or([eb(sql`lower(c.display_name)`, 'like', pattern), eb(sql`lower(c.account_number)`, 'like', pattern), eb(sql`lower(p.name)`, 'like', pattern)]));
  }
  const rows = await select.execute();
  const page = pageFrom(rows, query.limit, (row) => [row.sort_key, row.id]);
  return { items: page.items.map(({ sort_key: _k, ...row }) => normalise(row)), nextCursor: page.nextCursor };
}

export interface PlanChangeView {
  id: string;
  fromPlanId: string | null;
  fromPlanName: string | null;
  toPlanId: string;
  toPlanName: string;
  effectiveOn: string;
  reason: string;
  changedAt: Date;
  actorLabel: string;
}

export async function planChanges(trx: TenantTx, tenantId: string, serviceId: string): Promise<PlanChangeView[]> {
  return trx
    .selectFrom('service_plan_changes as h')
    .leftJoin('service_plans as f', (j) => j.onRef('f.tenant_id', '=', 'h.tenant_id').onRef('f.id', '=', 'h.from_plan_id'))
    .innerJoin('service_plans as t', (j) => j.onRef('t.tenant_id', '=', 'h.tenant_id').onRef('t.id', '=', 'h.to_plan_id'))
    .select([
      'h.id',
      'h.from_plan_id as fromPlanId',
      'f.name as fromPlanName',
      'h.to_plan_id as toPlanId',
      't.name as toPlanName',
      'h.effective_on as effectiveOn',
      'h.reason',
      'h.changed_at as changedAt',
      'h.actor_label as actorLabel',
    ])
    .where('h.tenant_id', '=', tenantId)
    .where('h.service_id', '=', serviceId)
    .orderBy('h.changed_at')
    .orderBy('h.id')
    .execute();
}

export async function insertPlanChange(
  trx: TenantTx,
  tenantId: string,
  input: { serviceId: string; fromPlanId: string | null; toPlanId: string; effectiveOn: string; reason: string; at: Date; actor: { id: string | null; type: string; label: string } },
): Promise<void> {
  await trx
    .insertInto('service_plan_changes')
    .values({
      tenant_id: tenantId,
      service_id: input.serviceId,
      from_plan_id: input.fromPlanId,
      to_plan_id: input.toPlanId,
      effective_on: input.effectiveOn,
      reason: input.reason,
      changed_at: input.at,
      actor_id: input.actor.type === 'user' ? input.actor.id : null,
      actor_label: input.actor.label,
    })
    .execute();
}

/** Plans a new service or a plan change may use: active ones, by name. */
export async function activePlans(trx: TenantTx, tenantId: string): Promise<{ id: string; name: string; priceMinor: number; currency: string }[]> {
  const rows = await trx
    .selectFrom('service_plans')
    .select(['id', 'name', 'price_minor as priceMinor', 'currency'])
    .where('tenant_id', '=', tenantId)
    .where('active', '=', true)
    .orderBy(sql`lower(name)`)
    .execute();
  return rows.map((r) => ({ ...r, priceMinor: Number(r.priceMinor) }));
}

export async function findPlan(trx: TenantTx, tenantId: string, planId: string) {
  if (!isUuid(planId)) return undefined;
  const row = await trx.selectFrom('service_plans').select(['id', 'name', 'active', 'price_minor', 'currency']).where('tenant_id', '=', tenantId).where('id', '=', planId).executeTakeFirst();
  return row ? { ...row, price_minor: Number(row.price_minor) } : undefined;
}

/** The tenant's time zone, locale and currency: service pages show dates and amounts in them. */
export async function findServiceSettings(trx: TenantTx, tenantId: string): Promise<{ timeZone: string; locale: string; currency: string }> {
  const row = await trx.selectFrom('tenant_settings').select(['time_zone', 'locale', 'currency']).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  return { timeZone: row.time_zone, locale: row.locale, currency: row.currency };
}

/** The customer a new service is for, by id; undefined for an unknown or malformed id. */
export async function findServiceCustomer(trx: TenantTx, tenantId: string, customerId: string): Promise<{ id: string; name: string } | undefined> {
  if (!isUuid(customerId)) return undefined;
  return trx.selectFrom('customers').select(['id', 'display_name as name']).where('tenant_id', '=', tenantId).where('id', '=', customerId).executeTakeFirst();
}

/** The customer's installations that have not ended (terminated or cancelled), newest first: the ones a new service can run over. */
export async function openInstallationsOfCustomer(trx: TenantTx, tenantId: string, customerId: string) {
  return trx
    .selectFrom('installations')
    .select(['id', 'status', 'service_address', 'scheduled_on'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('status', 'in', ['scheduled', 'active', 'suspended'])
    .orderBy('created_at', 'desc')
    .execute();
}

/** The audit log's picture of a service. */
/** The customer a new service is for, with the status that decides whether it may have one. */
export async function findCustomerStatus(trx: TenantTx, tenantId: string, customerId: string): Promise<{ id: string; status: CustomerStatus } | undefined> {
  if (!isUuid(customerId)) return undefined;
  return trx.selectFrom('customers').select(['id', 'status']).where('tenant_id', '=', tenantId).where('id', '=', customerId).executeTakeFirst();
}

/** Whose installation this is and whether it has ended: a new service may only ride on its own customer's live one. */
export async function findInstallationForService(trx: TenantTx, tenantId: string, installationId: string): Promise<{ customerId: string; status: InstallationStatus } | undefined> {
  if (!isUuid(installationId)) return undefined;
  return trx.selectFrom('installations').select(['customer_id as customerId', 'status']).where('tenant_id', '=', tenantId).where('id', '=', installationId).executeTakeFirst();
}

export async function serviceExternalRefTaken(trx: TenantTx, tenantId: string, externalRef: string): Promise<boolean> {
  const row = await trx.selectFrom('services').select('id').where('tenant_id', '=', tenantId).where('external_ref', '=', externalRef).executeTakeFirst();
  return row !== undefined;
}

export async function insertService(trx: TenantTx, row: Omit<Insertable<ServicesTable>, 'id'>): Promise<string> {
  const { id } = await trx.insertInto('services').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function serviceAudit(s: ServiceView) {
  return {
    customerId: s.customerId,
    planId: s.planId,
    installationId: s.installationId,
    billingMode: s.billingMode,
    startOn: s.startOn,
    endOn: s.endOn,
    status: s.status,
    priceOverrideMinor: s.priceOverrideMinor,
    discountMinor: s.discountMinor,
    adjustmentReason: s.adjustmentReason,
    notes: s.notes,
    externalRef: s.externalRef,
  };
}
