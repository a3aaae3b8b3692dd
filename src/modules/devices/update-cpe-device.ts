/** Edit a device's description (kind, brand, model, serial, MAC, notes); status moves elsewhere. */
import type { CpeKind } from '../../db/schema.ts';
import { notFound, validationError } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { uniqueViolationField } from '../../http/problem.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findDevice, insertDeviceEvent, type DeviceView } from './devices-repository.ts';
import { checkDeviceUniqueness, deviceAudit, readDeviceFields } from './device-input.ts';

export interface UpdateCpeDeviceInput {
  deviceId: string;
  kind?: CpeKind;
  brand: string;
  model: string;
  serialNumber: string;
  macAddress?: string | null;
  notes?: string;
}

export async function updateCpeDevice(ctx: TenantContext, input: UpdateCpeDeviceInput): Promise<DeviceView> {
  assertCan(ctx.actor, 'inventory.manage');
  const before = await findDevice(ctx.trx, ctx.tenantId, input.deviceId);
  if (!before) throw notFound('Device');
  const problems = new Problems();
  const fields = readDeviceFields(problems, input, before.kind);
  await checkDeviceUniqueness(ctx.trx, ctx.tenantId, problems, fields, before.id);
  problems.throwIfAny();

  const now = ctx.now();
  try {
    await ctx.trx
      .updateTable('cpe_devices')
      .set({ kind: fields.kind, brand: fields.brand, model: fields.model, serial_number: fields.serialNumber, mac_address: fields.macAddress, notes: fields.notes, updated_at: now })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', before.id)
      .execute();
  } catch (err) {
    const field = uniqueViolationField(err);
    if (field) throw validationError([field]);
    throw err;
  }
  const after = await findDevice(ctx.trx, ctx.tenantId, before.id);
  if (!after) throw notFound('Device');
  const changed = (['kind', 'brand', 'model', 'serialNumber', 'macAddress', 'notes'] as const).filter((k) => before[k] !== after[k]);
  if (changed.length > 0) {
    await insertDeviceEvent(ctx.trx, ctx.tenantId, ctx.actor, now, {
      deviceId: before.id,
      event: 'edited',
      fromStatus: before.status,
      toStatus: after.status,
      installationId: after.installationId,
      customerId: after.customerId,
      note: `Changed ${changed.join(', ')}`,
    });
    await recordAuditEvent(ctx, { action: 'cpe_device.updated', entityType: 'cpe_device', entityId: before.id, before: deviceAudit(before), after: deviceAudit(after) });
  }
  return after;
}
