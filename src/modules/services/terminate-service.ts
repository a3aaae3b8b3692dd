/**
 * End a service for good on a date (end_on); a terminated service never comes back. Its
 * billing is settled in the same transaction: scheduled changes and pending prorations go,
 * and invoiced days after the end are credited when the tenant credits cancellations.
 */
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { readDate, tenantToday, trimmedText } from '../installations/installation-checks.ts';
import { checkPastDateOrAfter } from './service-dates.ts';
import { saveServiceChange, serviceFor } from './service-lifecycle.ts';
import { settleTerminatedService } from './settle-terminated-service.ts';
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
  const billing = await settleTerminatedService(ctx, { service: before, endOn });
  return saveServiceChange(ctx, before, { status: 'terminated', end_on: endOn }, 'service.terminated', { reason, billing });
}
