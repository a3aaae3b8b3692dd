/** Receive a CPE device (router, ONU) into stock: validated, unique, audited, with a 'received' history event. */
import type { CpeKind } from '../../db/schema.ts';
import { validationError } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { uniqueViolationField } from '../../http/problem.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findDevice, insertDeviceEvent, type DeviceView } from './devices-repository.ts';
import { checkDeviceUniqueness, deviceAudit, readDeviceFields, readExternalRef } from './device-input.ts';

export interface CreateCpeDeviceInput {
  kind?: CpeKind;
  brand: string;
  model: string;
  serialNumber: string;
  macAddress?: string | null;
  notes?: string;
  externalRef?: string | null;
}

export async function createCpeDevice(ctx: TenantContext, input: CreateCpeDeviceInput): Promise<DeviceView> {
  assertCan(ctx.actor, 'inventory.manage');
  const problems = new Problems();
  const fields = readDeviceFields(problems, input);
  const externalRef = readExternalRef(problems, input.externalRef);
  await checkDeviceUniqueness(ctx.trx, ctx.tenantId, problems, fields);
  if (externalRef) {
    const taken = await ctx.trx.selectFrom('cpe_devices').select('id').where('tenant_id', '=', ctx.tenantId).where('external_ref', '=', externalRef).executeTakeFirst();
    if (taken) problems.add('externalRef', 'taken', 'Another device already has this external reference');
  }
  problems.throwIfAny();

  const now = ctx.now();
  let id: string;
  try {
    ({ id } = await ctx.trx
      .insertInto('cpe_devices')
      .values({
        tenant_id: ctx.tenantId,
        kind: fields.kind,
        brand: fields.brand,
        model: fields.model,
        serial_number: fields.serialNumber,
        mac_address: fields.macAddress,
        installation_id: null,
        notes: fields.notes,
        external_ref: externalRef,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow());
  } catch (err) {
    // Two people receiving the same device at once: the index decides, the loser hears why.
    const field = uniqueViolationField(err);
    if (field) throw validationError([field]);
    throw err;
  }
  await insertDeviceEvent(ctx.trx, ctx.tenantId, ctx.actor, now, { deviceId: id, event: 'received', fromStatus: null, toStatus: 'in_stock' });
  const device = await findDevice(ctx.trx, ctx.tenantId, id);
  if (!device) throw new Error('device vanished after insert');
  await recordAuditEvent(ctx, { action: 'cpe_device.received', entityType: 'cpe_device', entityId: id, after: deviceAudit(device) });
  return device;
}
