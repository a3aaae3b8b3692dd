/** GET and PATCH /api/v1/settings: the company's settings and billing settings; /api/v1/tax-rates. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { problemResponses } from '../../http/api-schemas.ts';
import { getSettings } from './get-settings.ts';
import { updateSettings } from './update-settings.ts';
import type { TenantSettings } from './settings-repository.ts';
import { billingSettingsSchema } from './billing-settings-api-schema.ts';
import { taxRatesApi } from './tax-rates-api.ts';

const editable = {
  companyName: Type.String({ maxLength: 1000, description: 'Trading name shown in the app; 1-200 characters' }),
  legalName: Type.String({ maxLength: 1000, description: 'Registered name for invoices; at most 200 characters' }),
  taxId: Type.String({ maxLength: 1000, description: 'Tax identification number; at most 50 characters' }),
  address: Type.String({ maxLength: 2000, description: 'Postal address, may span lines; at most 500 characters' }),
  phone: Type.String({ maxLength: 1000 }),
  email: Type.String({ maxLength: 1000, description: 'Billing contact e-mail; empty for none' }),
  currency: Type.String({ maxLength: 10, description: 'ISO 4217 code, e.g. PHP, KES, USD, JPY, BHD' }),
  timeZone: Type.String({ maxLength: 100, description: 'IANA time zone, e.g. Asia/Manila' }),
  locale: Type.String({ maxLength: 100, description: 'BCP 47 language tag, e.g. en-PH' }),
  country: Type.String({ maxLength: 10, description: 'ISO 3166-1 alpha-2 code, e.g. PH' }),
  accountNumberPrefix: Type.String({
    maxLength: 100,
    description: 'Put before the number of each new customer account (ACC- gives ACC-000123): 1-12 letters, digits, / _ or -, starting with a letter or digit. Changing it affects only customers created afterwards.',
  }),
  mapTileUrl: Type.String({
    maxLength: 1000,
    description: 'Tile server URL template for every map, with {z}, {x} and {y} (optionally {s}, {r}); https://, or http:// for a server on your own network. Default https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  }),
  mapAttribution: Type.String({ maxLength: 1000, description: 'Credit the tile server requires, shown as plain text on every map; at most 300 characters' }),
  ...billingSettingsSchema,
};

const SettingsSchema = Type.Object(
  {
    ...editable,
    logo: Type.Union([Type.Object({ contentType: Type.String(), size: Type.Integer() }), Type.Null()], {
      description: 'The stored logo (served to signed-in staff at /app/settings/logo), or null',
    }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Settings' },
);
type SettingsBody = Static<typeof SettingsSchema>;

const PatchSchema = Type.Partial(Type.Object(editable), { additionalProperties: false });

function present(s: TenantSettings): SettingsBody {
  return { ...s, updatedAt: s.updatedAt.toISOString() };
}

export async function settingsApi(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/settings',
    {
      onRequest: apiAuth('settings.read'),
      schema: { tags: ['settings'], summary: 'Company settings', response: { 200: SettingsSchema, ...problemResponses } },
    },
    async (request) => present(await inTenant(request, (ctx) => getSettings(ctx))),
  );

  app.patch<{ Body: Static<typeof PatchSchema> }>(
    '/api/v1/settings',
    {
      onRequest: apiAuth('settings.manage'),
      schema: {
        tags: ['settings'],
        summary: 'Change company settings',
        description:
          'Partial update: send only the fields to change. Every field is checked first; when any is invalid the answer is 422 naming each one and nothing is saved. The currency cannot change once the tenant has an invoice, payment or ledger entry (422 currency_in_use on currency).',
        body: PatchSchema,
        response: { 200: SettingsSchema, ...problemResponses },
      },
    },
    async (request) => present(await inTenant(request, (ctx) => updateSettings(ctx, request.body))),
  );

  await taxRatesApi(app);
}
