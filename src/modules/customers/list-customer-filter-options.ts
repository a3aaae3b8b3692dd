/** Choices for the list's filter selects: areas (with their path), plans and NAP boxes. */
import { assertCan, type TenantContext } from '../context.ts';
import { listAreaOptions, type AreaOption } from '../areas/area-options.ts';

export interface CustomerFilterOptions {
  areas: AreaOption[];
  plans: { id: string; name: string }[];
  naps: { id: string; code: string; name: string }[];
}

/** A select box stops being usable long before this; past it the NAP filter lists the first ones. */
const MAX_NAPS = 1000;

export async function listCustomerFilterOptions(ctx: TenantContext): Promise<CustomerFilterOptions> {
  assertCan(ctx.actor, 'customers.read');
  const areas = await listAreaOptions(ctx);
  const plans = await ctx.trx.selectFrom('service_plans').select(['id', 'name']).where('tenant_id', '=', ctx.tenantId).orderBy('active', 'desc').orderBy('name').orderBy('id').execute();
  const naps = await ctx.trx
    .selectFrom('naps')
    .select(['id', 'code', 'name'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('active', '=', true)
    .orderBy('code')
    .orderBy('id')
    .limit(MAX_NAPS)
    .execute();
  return { areas, plans, naps };
}
