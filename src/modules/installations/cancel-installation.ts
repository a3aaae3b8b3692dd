/** Call off a visit that never happened: the port is free again and reserved CPE goes back to stock. */
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { returnDevicesToStock } from '../devices/device-moves.ts';
import { tenantToday, trimmedText } from './installation-checks.ts';
import { installationFor, saveInstallationChange } from './installation-lifecycle.ts';
import type { InstallationView } from './installations-repository.ts';

export async function cancelInstallation(ctx: TenantContext, input: { installationId: string; reason?: string }): Promise<InstallationView> {
  assertCan(ctx.actor, 'installations.manage');
  const before = await installationFor(ctx, input.installationId, ['scheduled'], 'cancelled');
  const problems = new Problems();
  const reason = trimmedText(problems, 'reason', 'Reason', input.reason, 500);
  problems.throwIfAny();
  const returned = await returnDevicesToStock(ctx, { installationId: before.id, customerId: before.customerId }, reason ? `Installation cancelled: ${reason}` : 'Installation cancelled');
  return saveInstallationChange(ctx, before, { status: 'cancelled', ended_on: await tenantToday(ctx) }, 'installation.cancelled', { reason, returnedDeviceIds: returned });
}
