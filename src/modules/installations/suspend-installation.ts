/**
 * Take a working installation out of service for a while (unpaid, site problem); it keeps its
 * port and CPE. Its services are left alone on purpose: billing drives service suspension
 * (and resumption), so suspending the line here must not change what is billed.
 */
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { trimmedText } from './installation-checks.ts';
import { installationFor, saveInstallationChange } from './installation-lifecycle.ts';
import type { InstallationView } from './installations-repository.ts';

export async function suspendInstallation(ctx: TenantContext, input: { installationId: string; reason?: string }): Promise<InstallationView> {
  assertCan(ctx.actor, 'installations.manage');
  const before = await installationFor(ctx, input.installationId, ['active'], 'suspended');
  const problems = new Problems();
  const reason = trimmedText(problems, 'reason', 'Reason', input.reason, 500);
  problems.throwIfAny();
  return saveInstallationChange(ctx, before, { status: 'suspended' }, 'installation.suspended', { reason });
}
