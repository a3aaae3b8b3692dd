/**
 * Fills a demo company through the same use cases staff use (validation, counters, history
 * and audit all apply): areas, plans, plant, CPE, customers, installations and services.
 * Everything carries an external ref starting "demo:", and anything that already exists is
 * left alone, so a second run (or a run after a crash half-way) only adds what is missing.
 * The data comes from a seeded random generator, computed in the same order on every run.
 */
import type { Database } from '../db/database.ts';
import type { CustomerStatus } from '../db/schema.ts';
import { withTenant } from '../db/tenancy.ts';
import type { Actor, TenantContext } from '../modules/context.ts';
import { createArea } from '../modules/areas/create-area.ts';
import { changeCustomerStatus } from '../modules/customers/change-customer-status.ts';
import { createCustomer } from '../modules/customers/create-customer.ts';
import { createCpeDevice } from '../modules/devices/create-cpe-device.ts';
import { createInstallation } from '../modules/installations/create-installation.ts';
import { createPlan } from '../modules/plans/create-plan.ts';
import { createLcp } from '../modules/plant/create-lcp.ts';
import { createService } from '../modules/services/create-service.ts';
import { suspendService } from '../modules/services/suspend-service.ts';
import { createNap } from '../modules/plant/create-nap.ts';
import { createSplitter } from '../modules/plant/create-splitter.ts';
import { updateSettings } from '../modules/settings/update-settings.ts';
import {
  BUSINESSES,
  DEMO_AREAS,
  DEMO_LCPS,
  DEMO_PLANS,
  FIRST_NAMES,
  LAST_NAMES,
  NAPS_PER_SPLITTER,
  PHONE_PREFIXES,
  PORTS_PER_NAP,
  SPLITTERS_PER_LCP,
  STREETS,
  pick,
  seededRandom,
  type DemoPlan,
} from './seed-demo-data.ts';

export const DEMO_CUSTOMERS = 240;
/** ONUs kept in stock beyond those installed. */
const SPARE_DEVICES = 25;
const CUSTOMERS_PER_TRANSACTION = 40;

export interface SeedDeps {
  db: Database;
  tenantId: string;
  actor: Actor;
  now: () => Date;
  /** Staff member booked as technician on scheduled installations. */
  technicianId: string | null;
  /** Subscribers to create (default DEMO_CUSTOMERS); a refill with a higher number adds the difference. */
  customers?: number;
  onProgress?: (done: number, total: number) => void;
}

type RefTable = 'service_areas' | 'service_plans' | 'lcps' | 'splitters' | 'naps' | 'customers' | 'cpe_devices' | 'installations' | 'services';

async function existing(ctx: TenantContext, table: RefTable, ref: string): Promise<string | undefined> {
  const row = await ctx.trx.selectFrom(table).select('id').where('tenant_id', '=', ctx.tenantId).where('external_ref', '=', ref).executeTakeFirst();
  return row?.id;
}

/** The id of the row with this demo ref, creating it first when it is missing. */
async function ensure(ctx: TenantContext, table: RefTable, ref: string, create: () => Promise<{ id: string }>): Promise<string> {
  return (await existing(ctx, table, ref)) ?? (await create()).id;
}

function inTenant<T>(deps: SeedDeps, fn: (ctx: TenantContext) => Promise<T>): Promise<T> {
  return withTenant(deps.db, deps.tenantId, (trx) => fn({ tenantId: deps.tenantId, actor: deps.actor, trx, now: deps.now }));
}

/** YYYY-MM-DD `days` from now (negative for the past), on the UTC calendar. */
function dayFrom(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

interface Port {
  id: string;
  latitude: number;
  longitude: number;
  areaId: string;
}

export interface SeedCounts {
  areas: number;
  plans: number;
  ports: number;
  customers: number;
  devices: number;
  installations: number;
  services: number;
}

export async function seedDemoCompany(deps: SeedDeps): Promise<SeedCounts> {
  const random = seededRandom(20261128);
  const { areaIds, planIds } = await inTenant(deps, async (ctx) => {
    await updateSettings(ctx, { currency: 'PHP', timeZone: 'Asia/Manila', country: 'PH', locale: 'en-PH' });
    const areaIds = new Map<string, string>();
    for (const a of DEMO_AREAS) {
      const parentId = a.parentRef ? (areaIds.get(a.parentRef) ?? null) : null;
      areaIds.set(a.ref, await ensure(ctx, 'service_areas', `demo:area:${a.ref}`, () => createArea(ctx, { name: a.name, code: a.code, kind: a.kind, parentId, externalRef: `demo:area:${a.ref}` })));
    }
    const planIds = new Map<string, string>();
    for (const p of DEMO_PLANS) {
      const ref = `demo:plan:${p.ref}`;
      planIds.set(
        p.ref,
        await ensure(ctx, 'service_plans', ref, () =>
          createPlan(ctx, { name: p.name, downloadMbps: p.down, uploadMbps: p.up, priceMinor: p.priceMinor, periodUnit: p.periodUnit, periodCount: 1, setupFeeMinor: p.setupFeeMinor, description: p.description, externalRef: ref }),
        ),
      );
    }
    return { areaIds, planIds };
  });

  const ports = await inTenant(deps, (ctx) => seedPlant(ctx, random, areaIds));
  const plans = weightedPlans();
  const customers = deps.customers ?? DEMO_CUSTOMERS;
  const total = customers + SPARE_DEVICES;

  for (let start = 0; start < customers; start += CUSTOMERS_PER_TRANSACTION) {
    await inTenant(deps, async (ctx) => {
      for (let i = start; i < Math.min(start + CUSTOMERS_PER_TRANSACTION, customers); i++) {
        await seedSubscriber(ctx, deps, random, i, customers, ports[i], plans, areaIds, planIds);
      }
    });
    deps.onProgress?.(Math.min(start + CUSTOMERS_PER_TRANSACTION, customers), total);
  }
  await inTenant(deps, async (ctx) => {
    for (let i = 0; i < SPARE_DEVICES; i++) {
      const ref = `demo:cpe:spare:${i}`;
      const n = 5000 + i;
      await ensure(ctx, 'cpe_devices', ref, () => createCpeDevice(ctx, { kind: 'onu', brand: 'Huawei', model: 'HG8145V5', serialNumber: serial(n), macAddress: mac(n), externalRef: ref }));
    }
  });
  deps.onProgress?.(total, total);
  return inTenant(deps, (ctx) => countDemo(ctx));
}

/** Three LCPs, each with splitters and NAP boxes spread a few hundred metres around it. */
async function seedPlant(ctx: TenantContext, random: () => number, areaIds: Map<string, string>): Promise<Port[]> {
  const ports: Port[] = [];
  for (const l of DEMO_LCPS) {
    const lcpRef = `demo:lcp:${l.ref}`;
    const lcpId = await ensure(ctx, 'lcps', lcpRef, () =>
      createLcp(ctx, { code: l.code, name: l.name, portCount: 8, areaId: areaIds.get(l.areaRef) ?? null, address: l.address, latitude: l.latitude, longitude: l.longitude, coverageRadiusM: 1500, externalRef: lcpRef }),
    );
    for (let s = 1; s <= SPLITTERS_PER_LCP; s++) {
      const splitterRef = `${lcpRef}:spl:${s}`;
      const splitterId = await ensure(ctx, 'splitters', splitterRef, () => createSplitter(ctx, { lcpId, code: `SPL-${s}`, ratio: 8, lcpPort: s, externalRef: splitterRef }));
      for (let n = 1; n <= NAPS_PER_SPLITTER; n++) {
        const napRef = `${splitterRef}:nap:${n}`;
        const latitude = round6(l.latitude + (random() - 0.5) * 0.014);
        const longitude = round6(l.longitude + (random() - 0.5) * 0.014);
        const napNumber = (s - 1) * NAPS_PER_SPLITTER + n;
        const barangayRef = l.barangayRefs[(napNumber - 1) % l.barangayRefs.length] ?? l.areaRef;
        const napId = await ensure(ctx, 'naps', napRef, () =>
          createNap(ctx, { splitterId, code: `NAP-${String(napNumber).padStart(2, '0')}`, name: `${l.code} NAP ${napNumber}`, splitterPort: n, portCount: PORTS_PER_NAP, latitude, longitude, externalRef: napRef }),
        );
        const rows = await ctx.trx.selectFrom('nap_ports').select('id').where('tenant_id', '=', ctx.tenantId).where('nap_id', '=', napId).orderBy('port_number').execute();
        for (const row of rows) ports.push({ id: row.id, latitude, longitude, areaId: areaIds.get(barangayRef) ?? '' });
      }
    }
  }
  return ports;
}

function weightedPlans(): DemoPlan[] {
  return DEMO_PLANS.flatMap((p) => Array<DemoPlan>(p.weight).fill(p));
}

/**
 * Most subscribers are active on a port (a few of them suspended or disconnected); some are
 * booked for an installation, on a port or not yet; the rest are leads. Out of 240: 170, 15,
 * 30 and 25.
 */
function lifecycle(i: number, total: number): { status: CustomerStatus; install: 'active' | 'scheduled' | 'none'; onPort: boolean } {
  const share = (n: number) => Math.round((total * n) / 240);
  if (i < share(170)) return { status: i % 23 === 5 ? 'suspended' : i % 29 === 7 ? 'disconnected' : 'active', install: 'active', onPort: true };
  if (i < share(185)) return { status: 'active', install: 'scheduled', onPort: true };
  if (i < share(215)) return { status: 'lead', install: 'scheduled', onPort: false };
  return { status: 'lead', install: 'none', onPort: false };
}

/** One subscriber with, depending on where they are in their life, a device, installation and service. */
async function seedSubscriber(
  ctx: TenantContext,
  deps: SeedDeps,
  random: () => number,
  i: number,
  customers: number,
  port: Port | undefined,
  plans: DemoPlan[],
  areaIds: Map<string, string>,
  planIds: Map<string, string>,
): Promise<void> {
  const life = lifecycle(i, customers);
  const business = i % 31 === 3;
  const first = pick(random, FIRST_NAMES);
  const last = pick(random, LAST_NAMES);
  const company = business ? `${pick(random, BUSINESSES)} ${i}` : '';
  const phone = `${pick(random, PHONE_PREFIXES)} ${String(Math.floor(random() * 1000)).padStart(3, '0')} ${String(Math.floor(random() * 10000)).padStart(4, '0')}`;
  const plan = business ? (DEMO_PLANS.find((p) => p.ref === 'biz-500') as DemoPlan) : pick(random, plans);
  const prepaid = plan.periodUnit === 'day' || random() < 0.25;
  const daysAgo = 20 + Math.floor(random() * 500);
  const inDays = 1 + Math.floor(random() * 14);
  const jitterLat = (random() - 0.5) * 0.0024;
  const jitterLng = (random() - 0.5) * 0.0024;
  const house = 1 + Math.floor(random() * 250);
  const street = pick(random, STREETS);
  const located = life.onPort && port !== undefined;
  const fallbackArea = areaIds.get(pick(random, ['bayan-luma', 'anabu', 'molino', 'salitran'])) ?? null;

  const customerRef = `demo:customer:${i}`;
  const customerId = await ensure(ctx, 'customers', customerRef, () =>
    createCustomer(ctx, {
      firstName: business ? '' : first,
      lastName: business ? '' : last,
      companyName: company,
      email: `${first}.${last}.${i}`.toLowerCase().replace(/[^a-z0-9.]/g, '') + '@example.ph',
      phone,
      serviceAddress: `${house} ${street}`,
      areaId: located ? port.areaId || fallbackArea : fallbackArea,
      latitude: located ? round6(port.latitude + jitterLat) : null,
      longitude: located ? round6(port.longitude + jitterLng) : null,
      locationAccuracy: located ? 'exact' : null,
      // A service is only added for a lead or active customer: a suspended or disconnected
      // subscriber is connected first and loses service below, as in real life.
      status: life.status === 'suspended' || life.status === 'disconnected' ? 'active' : life.status,
      tags: business ? ['business'] : [],
      externalRef: customerRef,
    }),
  );
  if (life.install === 'none') return;

  const cpeDeviceIds: string[] = [];
  if (life.onPort) {
    const ref = `demo:cpe:${i}`;
    cpeDeviceIds.push(await ensure(ctx, 'cpe_devices', ref, () => createCpeDevice(ctx, { kind: 'onu', brand: 'Huawei', model: 'HG8145V5', serialNumber: serial(i), macAddress: mac(i), externalRef: ref })));
  }
  const active = life.install === 'active';
  const installationRef = `demo:installation:${i}`;
  if (await existing(ctx, 'installations', installationRef)) return;
  const installation = await createInstallation(ctx, {
    customerId,
    napPortId: life.onPort ? (port?.id ?? null) : null,
    cpeDeviceIds,
    technicianId: active ? null : deps.technicianId,
    status: active ? 'active' : 'scheduled',
    scheduledOn: active ? dayFrom(deps.now(), -daysAgo - 2) : dayFrom(deps.now(), inDays),
    completedOn: active ? dayFrom(deps.now(), -daysAgo) : null,
    externalRef: installationRef,
  });
  const service = await createService(ctx, {
    customerId,
    planId: planIds.get(plan.ref) ?? '',
    installationId: installation.id,
    billingMode: prepaid ? 'prepaid' : 'postpaid',
    startOn: active ? dayFrom(deps.now(), -daysAgo) : dayFrom(deps.now(), inDays),
    status: active ? 'active' : 'pending',
    externalRef: `demo:service:${i}`,
  });
  if (life.status === 'suspended' || life.status === 'disconnected') {
    const reason = life.status === 'suspended' ? 'Unpaid for two periods' : 'Moved away';
    await suspendService(ctx, { serviceId: service.id, reason });
    await changeCustomerStatus(ctx, { customerId, status: life.status, reason });
  }
}

/** Huawei-style ONU serials and MACs, unique per demo device number. */
function serial(n: number): string {
  return `HWTC${(0x5a000000 + n * 7919).toString(16).toUpperCase().padStart(8, '0')}`;
}

function mac(n: number): string {
  const hex = (0x100000 + n).toString(16).toUpperCase().padStart(6, '0');
  return `48:57:02:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

async function countDemo(ctx: TenantContext): Promise<SeedCounts> {
  const count = async (table: RefTable | 'nap_ports') => {
    const row = await ctx.trx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', ctx.tenantId).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    areas: await count('service_areas'),
    plans: await count('service_plans'),
    ports: await count('nap_ports'),
    customers: await count('customers'),
    devices: await count('cpe_devices'),
    installations: await count('installations'),
    services: await count('services'),
  };
}
