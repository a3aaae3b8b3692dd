/**
 * Devices going onto and coming off a customer's wall. Installations call these inside their
 * own use cases (which check installations.manage): the device row, its history and the
 * installation change in one transaction, so the inventory never disagrees with the field.
 */
import type { TenantContext } from '../context.ts';
import type { Problems } from '../../lib/validate.ts';
import { isUuid } from '../../db/tenancy.ts';
import { insertDeviceEvent, lockDevices } from './devices-repository.ts';
import { STATUS_LABELS } from './device-rules.ts';

/**
 * Locks the chosen devices and adds a problem on `cpeDeviceIds` for any that is unknown or
 * not in stock. Locking first means two installations racing for one router cannot both
 * take it: the second waits, then sees it installed.
 */
export async function checkDevicesInStock(ctx: TenantContext, problems: Problems, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids.filter((id) => id !== ''))];
  if (unique.length === 0) return [];
  if (unique.some((id) => !isUuid(id))) {
    problems.add('cpeDeviceIds', 'not_found', 'Pick devices from the inventory list');
    return [];
  }
  const rows = await lockDevices(ctx.trx, ctx.tenantId, unique);
  if (rows.length !== unique.length) problems.add('cpeDeviceIds', 'not_found', 'A chosen device is not in the inventory');
  for (const row of rows) {
    if (row.status !== 'in_stock') problems.add('cpeDeviceIds', 'not_in_stock', `Device ${row.serial_number} is ${STATUS_LABELS[row.status].toLowerCase()}, not in stock`);
  }
  return rows.map((r) => r.id);
}

/** Moves checked, locked in-stock devices to the installation, with an 'installed' event each. */
export async function installDevices(ctx: TenantContext, deviceIds: readonly string[], at: { installationId: string; customerId: string }): Promise<void> {
  if (deviceIds.length === 0) return;
  const now = ctx.now();
  await ctx.trx
    .updateTable('cpe_devices')
    .set({ status: 'installed', installation_id: at.installationId, updated_at: now })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', 'in', [...deviceIds])
    .execute();
  for (const deviceId of deviceIds) {
    await insertDeviceEvent(ctx.trx, ctx.tenantId, ctx.actor, now, {
      deviceId,
      event: 'installed',
      fromStatus: 'in_stock',
      toStatus: 'installed',
      installationId: at.installationId,
      customerId: at.customerId,
    });
  }
}

/** Every device at the installation back to stock, with a 'removed' event each; returns their ids. */
export async function returnDevicesToStock(ctx: TenantContext, at: { installationId: string; customerId: string }, note: string): Promise<string[]> {
  const now = ctx.now();
  const rows = await ctx.trx
    .updateTable('cpe_devices')
    .set({ status: 'in_stock', installation_id: null, updated_at: now })
    .where('tenant_id', '=', ctx.tenantId)
    .where('installation_id', '=', at.installationId)
    .returning('id')
    .execute();
  for (const { id } of rows) {
    await insertDeviceEvent(ctx.trx, ctx.tenantId, ctx.actor, now, {
      deviceId: id,
      event: 'removed',
      fromStatus: 'installed',
      toStatus: 'in_stock',
      installationId: at.installationId,
      customerId: at.customerId,
      note,
    });
  }
  return rows.map((r) => r.id);
}
