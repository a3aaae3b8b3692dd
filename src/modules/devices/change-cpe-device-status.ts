/**
 * Mark a device faulty, returned (to the supplier), retired, or back in stock. Only between
 * those statuses: an installed device leaves through its installation (terminate or cancel),
 * so a device is never shown at a customer it is not at, or in stock while on a wall.
 */
import type { CpeStatus } from '../../db/schema.ts';
import { AppError, fieldError, notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findDevice, insertDeviceEvent, lockDevices, type DeviceView } from './devices-repository.ts';
import { deviceAudit } from './device-input.ts';
import { MANUAL_STATUSES } from './device-rules.ts';

export interface ChangeCpeDeviceStatusInput {
  deviceId: string;
  status: CpeStatus | string;
  note?: string;
}

export async function changeCpeDeviceStatus(ctx: TenantContext, input: ChangeCpeDeviceStatusInput): Promise<DeviceView> {
  assertCan(ctx.actor, 'inventory.manage');
  const [locked] = await lockDevices(ctx.trx, ctx.tenantId, [input.deviceId]);
  const before = locked ? await findDevice(ctx.trx, ctx.tenantId, locked.id) : undefined;
  if (!before) throw notFound('Device');
  const to = input.status;
  if (!(MANUAL_STATUSES as readonly string[]).includes(to)) {
    throw fieldError('status', 'enum', `Status must be one of ${MANUAL_STATUSES.join(', ')}; a device becomes installed through an installation`);
  }
  const note = (input.note ?? '').trim();
  if (note.length > 500) throw fieldError('note', 'max_length', 'The note must be at most 500 characters');
  if (before.status === 'installed') {
    throw new AppError(409, 'device_installed', 'This device is installed at a customer. Terminate or cancel that installation to bring it back.');
  }
  if (before.status === to) return before;

  const now = ctx.now();
  await ctx.trx
    .updateTable('cpe_devices')
    .set({ status: to as CpeStatus, updated_at: now })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', before.id)
    .execute();
  await insertDeviceEvent(ctx.trx, ctx.tenantId, ctx.actor, now, { deviceId: before.id, event: 'status_changed', fromStatus: before.status, toStatus: to as CpeStatus, note });
  const after = { ...before, status: to as CpeStatus, updatedAt: now };
  await recordAuditEvent(ctx, { action: 'cpe_device.status_changed', entityType: 'cpe_device', entityId: before.id, before: deviceAudit(before), after: { ...deviceAudit(after), note } });
  return after;
}
