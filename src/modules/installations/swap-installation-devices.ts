/**
 * Swap CPE on a live installation in one action: devices from stock go onto the wall, devices
 * come off it (back to stock, or to 'faulty' when the technician says so). Each move writes a
 * device history row; the installation's audit event holds the device list before and after.
 */
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { checkDeviceSwap, installDevices, removeDevices, type RemovedCondition } from '../devices/device-moves.ts';
import { devicesAtInstallation } from '../devices/devices-repository.ts';
import { trimmedText } from './installation-checks.ts';
import { installationFor } from './installation-lifecycle.ts';
import { findInstallation, installationAudit, type InstallationView } from './installations-repository.ts';

export interface SwapInstallationDevicesInput {
  installationId: string;
  /** In-stock devices to install. */
  add?: string[];
  /** Devices at this installation to take off, and where each goes. */
  remove?: { deviceId: string; condition: RemovedCondition }[];
  /** Why (kept on each device's history row). */
  note?: string;
}

export async function swapInstallationDevices(ctx: TenantContext, input: SwapInstallationDevicesInput): Promise<InstallationView> {
  assertCan(ctx.actor, 'installations.manage');
  const before = await installationFor(ctx, input.installationId, ['scheduled', 'active', 'suspended'], 'given or relieved of CPE');
  const problems = new Problems();
  const note = trimmedText(problems, 'note', 'Note', input.note, 400);
  const swap = await checkDeviceSwap(ctx, problems, { installationId: before.id, add: input.add ?? [], remove: input.remove ?? [] });
  if (swap.add.length === 0 && swap.remove.length === 0) problems.add('add', 'required', 'Pick at least one device to add or to remove');
  problems.throwIfAny();

  const beforeIds = (await devicesAtInstallation(ctx.trx, ctx.tenantId, before.id)).map((d) => d.id).sort();
  const at = { installationId: before.id, customerId: before.customerId };
  await removeDevices(ctx, swap.remove, at, note ? `CPE swap: ${note}` : 'CPE swap');
  await installDevices(ctx, swap.add, at);
  await ctx.trx.updateTable('installations').set({ updated_at: ctx.now() }).where('tenant_id', '=', ctx.tenantId).where('id', '=', before.id).execute();
  const afterIds = (await devicesAtInstallation(ctx.trx, ctx.tenantId, before.id)).map((d) => d.id).sort();
  const after = await findInstallation(ctx.trx, ctx.tenantId, before.id);
  if (!after) throw new Error('installation vanished during a CPE swap');
  await recordAuditEvent(ctx, {
    action: 'installation.devices_swapped',
    entityType: 'installation',
    entityId: before.id,
    before: { ...installationAudit(before), cpeDeviceIds: beforeIds },
    after: { ...installationAudit(after), cpeDeviceIds: afterIds, added: swap.add, removed: swap.remove, note },
  });
  return after;
}
