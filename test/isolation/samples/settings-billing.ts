/** Route-matrix samples for billing settings and tax rates. See route-samples.ts for what a sample must do. */
import { json, next, type RouteSample, type SampleContext, type SampleEntity } from '../sample-kit.ts';

async function victimTaxRate(ctx: SampleContext): Promise<SampleEntity> {
  const rate = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/tax-rates', { taxClass: `victim_${next()}`, name: 'Victim VAT', rate: '12', inclusive: true });
  return { table: 'tax_rates', id: rate.id };
}

const rateBody = () => ({ taxClass: `taken_${next()}`, name: 'Taken over', rate: '0', inclusive: 'false' });

export const settingsBillingSamples: Record<string, RouteSample> = {
  'POST /api/v1/tax-rates': { body: () => ({ taxClass: `anon_${next()}`, name: 'Anon', rate: '1', inclusive: false }) },
  'PATCH /api/v1/tax-rates/:id': { create: victimTaxRate, body: () => ({ rate: '0', name: 'Taken over' }) },
  'DELETE /api/v1/tax-rates/:id': { create: victimTaxRate },
  'GET /app/settings/tax-rates/:id/edit': { create: victimTaxRate },
  'POST /app/settings/tax-rates/:id': { create: victimTaxRate, body: rateBody },
  'POST /app/settings/tax-rates/:id/delete': { create: victimTaxRate },
};
