/** The tenant's settings row, joined with the company name kept on the tenant itself. */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import { notFound } from '../../lib/errors.ts';
import { BILLING_SETTING_COLUMNS, billingColumnsOf, billingFieldsOf } from './billing-settings-repository.ts';
import type { BillingSettingsFields } from './billing-settings-rules.ts';

export interface TenantSettings extends BillingSettingsFields {
  companyName: string;
  legalName: string;
  taxId: string;
  address: string;
  phone: string;
  email: string;
  currency: string;
  timeZone: string;
  locale: string;
  country: string;
  /** Put before the counter in new customers' account numbers (ACC-000123); old ones keep theirs. */
  accountNumberPrefix: string;
  /** Tile server of every map, with {z}, {x} and {y} (and optionally {s}) placeholders. */
  mapTileUrl: string;
  /** Credit the tile server requires, shown in the corner of every map. */
  mapAttribution: string;
  /** What is stored for the logo, without its bytes. */
  logo: { contentType: string; size: number } | null;
  updatedAt: Date;
}

export type EditableSettings = Omit<TenantSettings, 'logo' | 'updatedAt'>;

export async function findSettings(trx: TenantTx, tenantId: string): Promise<TenantSettings> {
  const row = await trx
    .selectFrom('tenant_settings')
    .innerJoin('tenants', 'tenants.id', 'tenant_settings.tenant_id')
    .select([
      'tenants.name as companyName',
      'tenant_settings.legal_name',
      'tenant_settings.tax_id',
      'tenant_settings.address',
      'tenant_settings.phone',
      'tenant_settings.email',
      'tenant_settings.currency',
      'tenant_settings.time_zone',
      'tenant_settings.locale',
      'tenant_settings.country',
      'tenant_settings.account_number_prefix',
      'tenant_settings.map_tile_url',
      'tenant_settings.map_attribution',
      ...BILLING_SETTING_COLUMNS,
      'tenant_settings.logo_content_type',
      sql<number | null>`octet_length(tenant_settings.logo)`.as('logo_size'),
      'tenant_settings.updated_at',
    ])
    .where('tenant_settings.tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) throw notFound('Settings');
  return {
    companyName: row.companyName,
    legalName: row.legal_name,
    taxId: row.tax_id,
    address: row.address,
    phone: row.phone,
    email: row.email,
    currency: row.currency,
    timeZone: row.time_zone,
    locale: row.locale,
    country: row.country,
    accountNumberPrefix: row.account_number_prefix,
    mapTileUrl: row.map_tile_url,
    mapAttribution: row.map_attribution,
    ...billingFieldsOf(row),
    logo: row.logo_content_type && row.logo_size !== null ? { contentType: row.logo_content_type, size: Number(row.logo_size) } : null,
    updatedAt: row.updated_at,
  };
}

/** Time zone and locale only: what every page that shows times needs. */
export async function findZone(trx: TenantTx, tenantId: string): Promise<{ timeZone: string; locale: string }> {
  const row = await trx
    .selectFrom('tenant_settings')
    .select(['time_zone', 'locale'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return { timeZone: row?.time_zone ?? 'UTC', locale: row?.locale ?? 'en' };
}

/** What every page with a map or a location picker needs: the tile server and its credit. */
export async function findMapSettings(trx: TenantTx, tenantId: string): Promise<{ tileUrl: string; attribution: string }> {
  const row = await trx
    .selectFrom('tenant_settings')
    .select(['map_tile_url', 'map_attribution'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) throw notFound('Settings');
  return { tileUrl: row.map_tile_url, attribution: row.map_attribution };
}

export async function updateSettingsRow(trx: TenantTx, tenantId: string, changes: Partial<EditableSettings>, now: Date): Promise<void> {
  const { companyName, legalName, taxId, address, phone, email, currency, timeZone, locale, country, accountNumberPrefix, mapTileUrl, mapAttribution } = changes;
  if (companyName !== undefined) {
    await trx.updateTable('tenants').set({ name: companyName, updated_at: now }).where('id', '=', tenantId).execute();
  }
  const columns = {
    legal_name: legalName,
    tax_id: taxId,
    address,
    phone,
    email,
    currency,
    time_zone: timeZone,
    locale,
    country,
    account_number_prefix: accountNumberPrefix,
    map_tile_url: mapTileUrl,
    map_attribution: mapAttribution,
    ...billingColumnsOf(changes),
  };
  const set = Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return;
  await trx
    .updateTable('tenant_settings')
    .set({ ...set, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .execute();
}

export async function findLogo(trx: TenantTx, tenantId: string): Promise<{ bytes: Buffer; contentType: string } | undefined> {
  const row = await trx
    .selectFrom('tenant_settings')
    .select(['logo', 'logo_content_type'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row?.logo || !row.logo_content_type) return undefined;
  return { bytes: row.logo, contentType: row.logo_content_type };
}

export async function storeLogo(trx: TenantTx, tenantId: string, logo: { bytes: Buffer; contentType: string } | null, now: Date): Promise<void> {
  await trx
    .updateTable('tenant_settings')
    .set({ logo: logo?.bytes ?? null, logo_content_type: logo?.contentType ?? null, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .execute();
}
