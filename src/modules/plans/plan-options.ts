/**
 * Plans other modules offer in their forms (new service, change of plan, imports): active
 * plans only, since a retired plan cannot be chosen for a new service.
 */
import type { PeriodUnit } from '../../db/schema.ts';
import { isUuid } from '../../db/tenancy.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findSettings } from '../settings/settings-repository.ts';
import { priceLabel, speedLabel } from './plan-format.ts';
import { selectPlans, type PlanView } from './plans-repository.ts';

export interface PlanOption {
  id: string;
  name: string;
  priceMinor: number;
  currency: string;
  periodUnit: PeriodUnit;
  periodCount: number;
  downloadMbps: number;
  uploadMbps: number;
  setupFeeMinor: number | null;
  /** For a select box: "Fiber 50 · 50/20 Mbps · ₱1,499.00 / month", in the tenant's locale. */
  label: string;
}

function toOption(plan: PlanView, locale: string): PlanOption {
  const { id, name, priceMinor, currency, periodUnit, periodCount, downloadMbps, uploadMbps, setupFeeMinor } = plan;
  return {
    id,
    name,
    priceMinor,
    currency,
    periodUnit,
    periodCount,
    downloadMbps,
    uploadMbps,
    setupFeeMinor,
    label: `${name} · ${speedLabel(downloadMbps, uploadMbps)} · ${priceLabel(plan, locale)}`,
  };
}

export async function listPlanOptions(ctx: TenantContext): Promise<PlanOption[]> {
  assertCan(ctx.actor, 'customers.read');
  const { locale } = await findSettings(ctx.trx, ctx.tenantId);
  const plans = await selectPlans(ctx.trx, ctx.tenantId).where('p.active', '=', true).orderBy('p.price_minor').orderBy('p.name').execute();
  return plans.map((p) => toOption(p, locale));
}

/**
 * The plan a new service may be put on, or undefined when there is no such plan or it is
 * retired. Locks the row so a concurrent retirement waits until the service is written.
 */
export async function findSelectablePlan(ctx: TenantContext, planId: string): Promise<PlanOption | undefined> {
  if (!isUuid(planId)) return undefined;
  const locked = await ctx.trx.selectFrom('service_plans').select('id').where('tenant_id', '=', ctx.tenantId).where('id', '=', planId).where('active', '=', true).forShare().executeTakeFirst();
  if (!locked) return undefined;
  const plan = await selectPlans(ctx.trx, ctx.tenantId).where('p.id', '=', planId).executeTakeFirst();
  if (!plan) return undefined;
  const { locale } = await findSettings(ctx.trx, ctx.tenantId);
  return toOption(plan, locale);
}
