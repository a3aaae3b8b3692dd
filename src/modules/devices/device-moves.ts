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

/** Where a device taken off an installation goes: back on the shelf, or set aside as faulty. */
export type RemovedCondition = 'in_stock' | 'faulty';

export interface DeviceSwapInput {
  installationId: string;
  add: readonly string[];
  remove: readonly { deviceId: string; condition: RemovedCondition }[];
}

/**
 * Checks a swap at an installation: every `add` device in stock (problems on `add`), every
 * `remove` device installed at this installation with a known condition (problems on
 * `remove`). All the devices are locked together in id order, so two swaps never deadlock
 * and a device cannot be taken by another installation between the check and the move.
 */
export async function checkDeviceSwap(ctx: TenantContext, problems: Problems, input: DeviceSwapInput): Promise<{ add: string[]; remove: { deviceId: string; condition: RemovedCondition }[] }> {
  const add = [...new Set(input.add.filter((id) => id !== ''))];
  const remove = input.remove.filter((r) => r.deviceId !== '');
  const removeIds = remove.map((r) => r.deviceId);
  if (new Set(removeIds).size !== removeIds.length) problems.add('remove', 'duplicate', 'A device is listed twice for removal');
  if (add.some((id) => removeIds.includes(id))) problems.add('add', 'conflict', 'A device cannot be added and removed at once');
  if (add.some((id) => !isUuid(id))) problems.add('add', 'not_found', 'Pick devices to add from the inventory list');
  if (remove.some((r) => !isUuid(r.deviceId))) problems.add('remove', 'not_found', 'Pick devices to remove from those at this installation');
  if (remove.some((r) => r.condition !== 'in_stock' && r.condition !== 'faulty')) problems.add('remove', 'enum', "A removed device goes back 'in_stock' or is marked 'faulty'");
  const rows = await lockDevices(ctx.trx, ctx.tenantId, [...add, ...removeIds]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of add.filter(isUuid)) {
    const row = byId.get(id);
    if (!row) problems.add('add', 'not_found', 'A device to add is not in the inventory');
    else if (row.status !== 'in_stock') problems.add('add', 'not_in_stock', `Device ${row.serial_number} is ${STATUS_LABELS[row.status].toLowerCase()}, not in stock`);
  }
  for (const { deviceId } of remove.filter((r) => isUuid(r.deviceId))) {
    const row = byId.get(deviceId);
    if (!row) problems.add('remove', 'not_found', 'A device to remove is not in the inventory');
    else if (row.installation_id !== input.installationId) problems.add('remove', 'not_here', `Device ${row.serial_number} is not at this installation`);
  }
  return { add, remove };
}

/** Takes checked, locked devices off the installation with a 'removed' event each, to stock or faulty. */
export async function removeDevices(ctx: TenantContext, items: readonly { deviceId: string; condition: RemovedCondition }[], at: { installationId: string; customerId: string }, note: string): Promise<void> {
  const now = ctx.now();
  for (const { deviceId, condition } of items) {
    await ctx.trx
      .updateTable('cpe_devices')
      .set({ status: condition, installation_id: null, updated_at: now })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', deviceId)
      .execute();
    await insertDeviceEvent(ctx.trx, ctx.tenantId, ctx.actor, now, {
      deviceId,
      event: 'removed',
      fromStatus: 'installed',
      toStatus: condition,
      installationId: at.installationId,
      customerId: at.customerId,
      note,
    });
  }
}
