/** Bring a suspended service back. */
import { assertCan, type TenantContext } from '../context.ts';
import { assertCustomerServable, saveServiceChange, serviceFor } from './service-lifecycle.ts';
import type { ServiceView } from './services-repository.ts';

export async function resumeService(ctx: TenantContext, input: { serviceId: string }): Promise<ServiceView> {
  assertCan(ctx.actor, 'services.manage');
  const before = await serviceFor(ctx, input.serviceId, ['suspended'], 'resumed');
  await assertCustomerServable(ctx, before, 'resumed');
  return saveServiceChange(ctx, before, { status: 'active' }, 'service.resumed');
}
