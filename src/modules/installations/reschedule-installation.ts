/** Move the visit to another day and/or give it to another technician. */
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { checkTechnician, readDate } from './installation-checks.ts';
import { installationFor, saveInstallationChange } from './installation-lifecycle.ts';
import type { InstallationView } from './installations-repository.ts';

export interface RescheduleInstallationInput {
  installationId: string;
  /** Omitted: unchanged; null or '': no date. Only while scheduled. */
  scheduledOn?: string | null;
  /** Omitted: unchanged; null or '': nobody. */
  technicianId?: string | null;
}

export async function rescheduleInstallation(ctx: TenantContext, input: RescheduleInstallationInput): Promise<InstallationView> {
  assertCan(ctx.actor, 'installations.manage');
  const before = await installationFor(ctx, input.installationId, ['scheduled', 'active', 'suspended'], 'rescheduled or reassigned');
  const problems = new Problems();
  let scheduledOn = before.scheduledOn;
  if (input.scheduledOn !== undefined) {
    scheduledOn = readDate(problems, 'scheduledOn', 'Scheduled date', input.scheduledOn);
    if (scheduledOn !== before.scheduledOn && before.status !== 'scheduled') problems.add('scheduledOn', 'not_allowed', 'This installation is already done; its visit date cannot move');
  }
  let technicianId = before.technicianId;
  if (input.technicianId !== undefined) {
    technicianId = input.technicianId ? input.technicianId : null;
    if (technicianId && technicianId !== before.technicianId) await checkTechnician(ctx, problems, technicianId);
  }
  problems.throwIfAny();
  if (scheduledOn === before.scheduledOn && technicianId === before.technicianId) return before;
  return saveInstallationChange(ctx, before, { scheduled_on: scheduledOn, technician_id: technicianId }, 'installation.rescheduled');
}
