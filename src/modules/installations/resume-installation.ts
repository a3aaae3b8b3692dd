/**
 * Bring a suspended installation back into service on the same port with the same CPE. Its
 * services are left as they are: billing, not the line, decides when a service resumes.
 */
import { assertCan, type TenantContext } from '../context.ts';
import { installationFor, saveInstallationChange } from './installation-lifecycle.ts';
import type { InstallationView } from './installations-repository.ts';

export async function resumeInstallation(ctx: TenantContext, input: { installationId: string }): Promise<InstallationView> {
  assertCan(ctx.actor, 'installations.manage');
  const before = await installationFor(ctx, input.installationId, ['suspended'], 'resumed');
  return saveInstallationChange(ctx, before, { status: 'active' }, 'installation.resumed');
}
