/**
 * Choices for the area select box of other modules' forms (customers, LCPs): every active
 * area with its full path, in tree order. Readable with either customers.read or
 * network.read, because the LCP form belongs to network staff.
 */
import { forbidden } from '../../lib/errors.ts';
import { can, type TenantContext } from '../context.ts';
import { SORT_PATH, selectAreas } from './areas-repository.ts';

export interface AreaOption {
  id: string;
  path: string;
  active: boolean;
}

export async function listAreaOptions(ctx: TenantContext): Promise<AreaOption[]> {
  if (!can(ctx.actor, 'customers.read') && !can(ctx.actor, 'network.read')) throw forbidden();
  return selectAreas(ctx.trx, ctx.tenantId)
    .clearSelect()
    .select(['a.id', 't.path', 'a.active'])
    .where('a.active', '=', true)
    .orderBy(SORT_PATH)
    .orderBy('a.id')
    .execute();
}
