/**
 * Test factories for issue-3 entities: rows written straight into the tables inside the
 * tenant's own transaction (RLS applies), for tests whose subject is something else. A test
 * of a rule (uniqueness, capacity, status changes) goes through the use case or the route
 * instead. Each factory fills sensible defaults and takes overrides; names and codes carry
 * a counter so they never collide within a test file.
 */
import type { Insertable } from 'kysely';
import { withTenant, type TenantTx } from '../../src/db/tenancy.ts';
import type {
  CpeDevicesTable,
  CustomersTable,
  InstallationsTable,
  LcpsTable,
  NapsTable,
  ServiceAreasTable,
  ServicePlansTable,
  ServicesTable,
  SplittersTable,
} from '../../src/db/schema.ts';
import type { TestApp, StaffSession } from './app.ts';

let n = 0;
const seq = (): number => ++n;

type Overrides<T> = Partial<Omit<Insertable<T>, 'tenant_id'>>;

/** Who the factory writes for: a signed-in staff member's tenant, or a tenant id. */
type Owner = Pick<StaffSession, 'tenantId'>;

function inTenant<R>(t: TestApp, owner: Owner, fn: (trx: TenantTx, tenantId: string) => Promise<R>): Promise<R> {
  return withTenant(t.app.db, owner.tenantId, (trx) => fn(trx, owner.tenantId));
}

export function makeArea(t: TestApp, owner: Owner, overrides: Overrides<ServiceAreasTable> = {}): Promise<{ id: string; name: string }> {
  const i = seq();
  return inTenant(t, owner, (trx, tenantId) =>
    trx
      .insertInto('service_areas')
      .values({ tenant_id: tenantId, name: `Barangay ${i}`, code: `BRGY-${i}`, parent_id: null, external_ref: null, ...overrides })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow(),
  );
}

export function makePlan(t: TestApp, owner: Owner, overrides: Overrides<ServicePlansTable> = {}): Promise<{ id: string; name: string; price_minor: number }> {
  const i = seq();
  return inTenant(t, owner, (trx, tenantId) =>
    trx
      .insertInto('service_plans')
      .values({
        tenant_id: tenantId,
        name: `Fiber ${i}`,
        download_mbps: 50,
        upload_mbps: 50,
        price_minor: 149900,
        currency: 'PHP',
        setup_fee_minor: null,
        external_ref: null,
        ...overrides,
      })
      .returning(['id', 'name', 'price_minor'])
      .executeTakeFirstOrThrow(),
  );
}

export function makeCustomer(t: TestApp, owner: Owner, overrides: Overrides<CustomersTable> = {}): Promise<{ id: string; account_number: string; display_name: string }> {
  const i = seq();
  return inTenant(t, owner, async (trx, tenantId) => {
    const row = await trx
      .insertInto('customers')
      .values({
        tenant_id: tenantId,
        // A prefix of its own so factory rows never collide with numbers the use case takes.
        account_number: `FAC-${String(i).padStart(6, '0')}`,
        first_name: 'Juan',
        last_name: `Dela Cruz ${i}`,
        email: null,
        phone: `0917 555 ${String(i).padStart(4, '0')}`,
        area_id: null,
        latitude: null,
        longitude: null,
        location_accuracy: null,
        status: 'active',
        external_ref: null,
        ...overrides,
      })
      .returning(['id', 'account_number', 'display_name', 'status'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('customer_status_changes')
      .values({ tenant_id: tenantId, customer_id: row.id, from_status: null, to_status: row.status, effective_on: '2026-11-27', changed_at: t.clock.now(), actor_id: null })
      .execute();
    return row;
  });
}

export interface PlantBranch {
  lcp: { id: string; code: string };
  splitter: { id: string; code: string };
  nap: { id: string; code: string };
  /** Port rows of the NAP, by port number (ports[0] is port 1). */
  ports: { id: string; port_number: number }[];
}

/** An LCP with one splitter and one NAP with `napPorts` ports (default 8): a ready branch. */
export function makePlantBranch(
  t: TestApp,
  owner: Owner,
  options: { napPorts?: number; lcp?: Overrides<LcpsTable>; splitter?: Overrides<SplittersTable>; nap?: Overrides<NapsTable> } = {},
): Promise<PlantBranch> {
  const i = seq();
  const portCount = options.napPorts ?? 8;
  return inTenant(t, owner, async (trx, tenantId) => {
    const lcp = await trx
      .insertInto('lcps')
      .values({ tenant_id: tenantId, code: `LCP-${i}`, name: `LCP ${i}`, area_id: null, latitude: 14.42, longitude: 120.94, coverage_radius_m: 500, external_ref: null, ...options.lcp })
      .returning(['id', 'code'])
      .executeTakeFirstOrThrow();
    const splitter = await trx
      .insertInto('splitters')
      .values({ tenant_id: tenantId, lcp_id: lcp.id, code: `SP-${i}`, ratio: 8, lcp_port: 1, external_ref: null, ...options.splitter })
      .returning(['id', 'code'])
      .executeTakeFirstOrThrow();
    const nap = await trx
      .insertInto('naps')
      .values({
        tenant_id: tenantId,
        splitter_id: splitter.id,
        code: `NAP-${i}`,
        name: `NAP ${i}`,
        splitter_port: 1,
        port_count: portCount,
        latitude: 14.421,
        longitude: 120.941,
        external_ref: null,
        ...options.nap,
      })
      .returning(['id', 'code', 'port_count'])
      .executeTakeFirstOrThrow();
    const ports = await trx
      .insertInto('nap_ports')
      .values(Array.from({ length: nap.port_count }, (_, k) => ({ tenant_id: tenantId, nap_id: nap.id, port_number: k + 1 })))
      .returning(['id', 'port_number'])
      .execute();
    ports.sort((a, b) => a.port_number - b.port_number);
    return { lcp, splitter, nap: { id: nap.id, code: nap.code }, ports };
  });
}

export function makeInstallation(
  t: TestApp,
  owner: Owner,
  input: { customerId: string; napPortId?: string | null } & Overrides<InstallationsTable>,
): Promise<{ id: string; status: string }> {
  const { customerId, napPortId, ...overrides } = input;
  return inTenant(t, owner, (trx, tenantId) =>
    trx
      .insertInto('installations')
      .values({
        tenant_id: tenantId,
        customer_id: customerId,
        nap_port_id: napPortId ?? null,
        technician_id: null,
        latitude: null,
        longitude: null,
        location_accuracy: null,
        status: 'active',
        scheduled_on: '2026-11-20',
        completed_on: '2026-11-21',
        external_ref: null,
        ...overrides,
      })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow(),
  );
}

/** A CPE device; pass installationId (with status 'installed') to put it at an installation. */
export function makeDevice(t: TestApp, owner: Owner, overrides: Overrides<CpeDevicesTable> = {}): Promise<{ id: string; serial_number: string; mac_address: string | null }> {
  const i = seq();
  const hex = i.toString(16).padStart(6, '0').toUpperCase();
  return inTenant(t, owner, (trx, tenantId) =>
    trx
      .insertInto('cpe_devices')
      .values({
        tenant_id: tenantId,
        brand: 'Huawei',
        model: 'HG8145V5',
        serial_number: `HWTC${hex}`,
        mac_address: `00:1A:2B:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`,
        installation_id: null,
        external_ref: null,
        ...overrides,
      })
      .returning(['id', 'serial_number', 'mac_address'])
      .executeTakeFirstOrThrow(),
  );
}

export function makeService(
  t: TestApp,
  owner: Owner,
  input: { customerId: string; planId: string } & Overrides<ServicesTable>,
): Promise<{ id: string; status: string }> {
  const { customerId, planId, ...overrides } = input;
  return inTenant(t, owner, async (trx, tenantId) => {
    const service = await trx
      .insertInto('services')
      .values({
        tenant_id: tenantId,
        customer_id: customerId,
        plan_id: planId,
        installation_id: null,
        billing_mode: 'postpaid',
        start_on: '2026-11-01',
        status: 'active',
        price_override_minor: null,
        discount_minor: null,
        external_ref: null,
        ...overrides,
      })
      .returning(['id', 'status', 'plan_id', 'start_on'])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('service_plan_changes')
      .values({ tenant_id: tenantId, service_id: service.id, from_plan_id: null, to_plan_id: service.plan_id, effective_on: service.start_on, actor_id: null })
      .execute();
    return service;
  });
}
