/** The idempotency check every importer shares: has a row with this external ref been imported? */
import type { TenantContext } from '../../context.ts';

type RefTable = 'service_areas' | 'service_plans' | 'customers' | 'cpe_devices' | 'installations';

export async function externalRefExists(ctx: TenantContext, table: RefTable, externalRef: string): Promise<boolean> {
  const row = await ctx.trx.selectFrom(table).select('id').where('tenant_id', '=', ctx.tenantId).where('external_ref', '=', externalRef).executeTakeFirst();
  return row !== undefined;
}
