/** Reading tax rates: all of the tenant's, one, and the plan classes that have none. */
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findTaxRate, listTaxRateRows, untaxedPlanClasses, type TaxRateView } from './tax-rates-repository.ts';

export async function listTaxRates(ctx: TenantContext): Promise<TaxRateView[]> {
  assertCan(ctx.actor, 'settings.read');
  return listTaxRateRows(ctx.trx, ctx.tenantId);
}

export async function getTaxRate(ctx: TenantContext, input: { taxRateId: string }): Promise<TaxRateView> {
  assertCan(ctx.actor, 'settings.read');
  const rate = await findTaxRate(ctx.trx, ctx.tenantId, input.taxRateId);
  if (!rate) throw notFound('Tax rate');
  return rate;
}

/** Classes active plans name without a rate: the page warns that they are billed untaxed. */
export async function listUntaxedPlanClasses(ctx: TenantContext): Promise<{ taxClass: string; planCount: number }[]> {
  assertCan(ctx.actor, 'settings.read');
  return untaxedPlanClasses(ctx.trx, ctx.tenantId);
}
