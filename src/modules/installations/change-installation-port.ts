/**
 * Move an installation to another NAP port (a broken port, a re-cabled drop). The new port
 * must be free. A suspended line still holds its port and a technician may re-patch it, so
 * it moves like a scheduled or active one.
 */
import { validationError } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { uniqueViolationField } from '../../http/problem.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { checkPortFree } from './installation-checks.ts';
import { installationFor, MOVABLE_STATUSES, saveInstallationChange } from './installation-lifecycle.ts';
import type { InstallationView } from './installations-repository.ts';

export interface ChangeInstallationPortInput {
  installationId: string;
  napPortId: string;
}

export async function changeInstallationPort(ctx: TenantContext, input: ChangeInstallationPortInput): Promise<InstallationView> {
  assertCan(ctx.actor, 'installations.manage');
  const before = await installationFor(ctx, input.installationId, MOVABLE_STATUSES, 'moved to another port');
  const problems = new Problems();
  if (!input.napPortId) problems.add('napPortId', 'required', 'Pick the new port');
  else if (input.napPortId !== before.napPortId) await checkPortFree(ctx, problems, input.napPortId, before.id);
  problems.throwIfAny();
  if (input.napPortId === before.napPortId) return before;
  try {
    return await saveInstallationChange(ctx, before, { nap_port_id: input.napPortId }, 'installation.port_changed');
  } catch (err) {
    const field = uniqueViolationField(err);
    if (field) throw validationError([field]);
    throw err;
  }
}
