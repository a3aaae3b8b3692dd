/** What the installation pages offer to choose from: customers, CPE in stock, staff, plant filters. */
import { sql } from 'kysely';
import { assertCan, type TenantContext } from '../context.ts';
import { listInStockDevices } from '../devices/list-cpe-devices.ts';
import type { DeviceView } from '../devices/devices-repository.ts';
import { activeStaff, findCustomerForInstallation } from './installations-repository.ts';

export interface MapSettings {
  tileUrl: string;
  attribution: string;
  timeZone: string;
  locale: string;
}

export async function mapSettings(ctx: TenantContext): Promise<MapSettings> {
  const row = await ctx.trx
    .selectFrom('tenant_settings')
    .select(['map_tile_url', 'map_attribution', 'time_zone', 'locale'])
    .where('tenant_id', '=', ctx.tenantId)
    .executeTakeFirstOrThrow();
  return { tileUrl: row.map_tile_url, attribution: row.map_attribution, timeZone: row.time_zone, locale: row.locale };
}

export interface FormChoices {
  customer: { id: string; name: string; address: string; latitude: number | null; longitude: number | null } | undefined;
  devices: DeviceView[];
  technicians: { id: string; name: string }[];
  map: MapSettings;
}

export async function installationFormChoices(ctx: TenantContext, customerId: string | undefined): Promise<FormChoices> {
  assertCan(ctx.actor, 'customers.read');
  const customer = customerId ? await findCustomerForInstallation(ctx.trx, ctx.tenantId, customerId) : undefined;
  return {
    customer: customer ? { id: customer.id, name: customer.display_name, address: customer.service_address, latitude: customer.latitude, longitude: customer.longitude } : undefined,
    devices: await listInStockDevices(ctx),
    technicians: await activeStaff(ctx.trx, ctx.tenantId),
    map: await mapSettings(ctx),
  };
}

/** Customers matching a search, for starting an installation without a customer in the URL. */
export async function findCustomersToInstall(ctx: TenantContext, q: string): Promise<{ id: string; name: string; accountNumber: string; address: string }[]> {
  assertCan(ctx.actor, 'customers.read');
  const text = q.trim().toLowerCase();
  if (text.length < 2) return [];
  const pattern = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  return ctx.trx
    .selectFrom('customers')
    .select(['id', 'display_name as name', 'account_number as accountNumber', 'service_address as address'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('status', '<>', 'terminated')
    .where('search_text', 'like', pattern)
    .orderBy(sql`lower(display_name)`)
    .limit(20)
    .execute();
}

/** LCPs and NAPs for the list filters (codes only; a tenant has hundreds at most). */
export async function plantFilterOptions(ctx: TenantContext): Promise<{ lcps: { id: string; code: string }[]; naps: { id: string; code: string }[] }> {
  const lcps = await ctx.trx.selectFrom('lcps').select(['id', 'code']).where('tenant_id', '=', ctx.tenantId).orderBy('code').limit(1000).execute();
  const naps = await ctx.trx.selectFrom('naps').select(['id', 'code']).where('tenant_id', '=', ctx.tenantId).orderBy('code').limit(2000).execute();
  return { lcps, naps };
}
