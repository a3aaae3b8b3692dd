/** End a service for good on a date (end_on); a terminated service never comes back. */
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { readDate, tenantToday, trimmedText } from '../installations/installation-checks.ts';
import { checkPastDateOrAfter } from './service-dates.ts';
import { saveServiceChange, serviceFor } from './service-lifecycle.ts';
import type { ServiceView } from './services-repository.ts';

export interface TerminateServiceInput {
  serviceId: string;
  /** YYYY-MM-DD; defaults to the tenant's today. */
  endOn?: string | null;
  reason?: string;
}

export async function terminateService(ctx: TenantContext, input: TerminateServiceInput): Promise<ServiceView> {
  assertCan(ctx.actor, 'services.manage');
  const before = await serviceFor(ctx, input.serviceId, ['pending', 'active', 'suspended'], 'terminated');
  const problems = new Problems();
  const endOn = readDate(problems, 'endOn', 'End date', input.endOn) ?? (await tenantToday(ctx));
  checkPastDateOrAfter(problems, 'endOn', 'End date', endOn, before.startOn);
  const reason = trimmedText(problems, 'reason', 'Reason', input.reason, 500);
  problems.throwIfAny();
  return saveServiceChange(ctx, before, { status: 'terminated', end_on: endOn }, 'service.terminated', { reason });
}
