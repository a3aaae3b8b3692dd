/**
 * End an installation for good: its port is free again (installations_port_in_use only
 * counts live statuses, so the row keeps its port for history) and every CPE device goes
 * back to stock with a 'removed' history event. Every service on it ends the same day with
 * the same reason (services module's own rules and audit), so billing stops with the line.
 */
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { returnDevicesToStock } from '../devices/device-moves.ts';
import { terminateInstallationServices } from '../services/terminate-installation-services.ts';
import { checkPastDate, readDate, tenantToday, trimmedText } from './installation-checks.ts';
import { installationFor, saveInstallationChange } from './installation-lifecycle.ts';
import type { InstallationView } from './installations-repository.ts';

export interface TerminateInstallationInput {
  installationId: string;
  /** YYYY-MM-DD in the tenant's zone; defaults to today. */
  endedOn?: string | null;
  reason?: string;
}

export async function terminateInstallation(ctx: TenantContext, input: TerminateInstallationInput): Promise<InstallationView> {
  assertCan(ctx.actor, 'installations.manage');
  const before = await installationFor(ctx, input.installationId, ['active', 'suspended'], 'terminated');
  const problems = new Problems();
  const today = await tenantToday(ctx);
  const endedOn = readDate(problems, 'endedOn', 'End date', input.endedOn) ?? today;
  checkPastDate(problems, 'endedOn', 'End date', endedOn, today, { date: before.completedOn, label: 'the completion date' });
  const reason = trimmedText(problems, 'reason', 'Reason', input.reason, 500);
  problems.throwIfAny();
  const returned = await returnDevicesToStock(ctx, { installationId: before.id, customerId: before.customerId }, reason ? `Installation terminated: ${reason}` : 'Installation terminated');
  const services = await terminateInstallationServices(ctx, { installationId: before.id, endOn: endedOn, reason: reason || 'Installation terminated' });
  return saveInstallationChange(ctx, before, { status: 'terminated', ended_on: endedOn }, 'installation.terminated', {
    reason,
    returnedDeviceIds: returned,
    terminatedServiceIds: services.map((s) => s.id),
  });
}
