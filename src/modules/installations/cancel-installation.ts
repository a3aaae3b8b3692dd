/**
 * Call off a visit that never happened: the port is free again, reserved CPE goes back to
 * stock, and any service booked on it ends today with the same reason (nothing to bill).
 */
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { returnDevicesToStock } from '../devices/device-moves.ts';
import { terminateInstallationServices } from '../services/terminate-installation-services.ts';
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
  const today = await tenantToday(ctx);
  const services = await terminateInstallationServices(ctx, { installationId: before.id, endOn: today, reason: reason || 'Installation cancelled' });
  return saveInstallationChange(ctx, before, { status: 'cancelled', ended_on: today }, 'installation.cancelled', { reason, returnedDeviceIds: returned, terminatedServiceIds: services.map((s) => s.id) });
}
