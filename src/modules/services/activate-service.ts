/** A pending service goes live (the connection works; billing starts from its start date). */
import { assertCan, type TenantContext } from '../context.ts';
import { assertCustomerServable, saveServiceChange, serviceFor } from './service-lifecycle.ts';
import type { ServiceView } from './services-repository.ts';

export async function activateService(ctx: TenantContext, input: { serviceId: string }): Promise<ServiceView> {
  assertCan(ctx.actor, 'services.manage');
  const before = await serviceFor(ctx, input.serviceId, ['pending'], 'activated');
  await assertCustomerServable(ctx, before, 'activated');
  return saveServiceChange(ctx, before, { status: 'active' }, 'service.activated');
}
