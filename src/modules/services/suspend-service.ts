/** Pause an active service (non-payment, the customer's request). */
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { trimmedText } from '../installations/installation-checks.ts';
import { saveServiceChange, serviceFor } from './service-lifecycle.ts';
import type { ServiceView } from './services-repository.ts';

export async function suspendService(ctx: TenantContext, input: { serviceId: string; reason?: string }): Promise<ServiceView> {
  assertCan(ctx.actor, 'services.manage');
  const before = await serviceFor(ctx, input.serviceId, ['active'], 'suspended');
  const problems = new Problems();
  const reason = trimmedText(problems, 'reason', 'Reason', input.reason, 500);
  problems.throwIfAny();
  return saveServiceChange(ctx, before, { status: 'suspended' }, 'service.suspended', { reason });
}
