/** Bring a suspended service back. */
import { assertCan, type TenantContext } from '../context.ts';
import { saveServiceChange, serviceFor } from './service-lifecycle.ts';
import type { ServiceView } from './services-repository.ts';

export async function resumeService(ctx: TenantContext, input: { serviceId: string }): Promise<ServiceView> {
  assertCan(ctx.actor, 'services.manage');
  const before = await serviceFor(ctx, input.serviceId, ['suspended'], 'resumed');
  return saveServiceChange(ctx, before, { status: 'active' }, 'service.resumed');
}
