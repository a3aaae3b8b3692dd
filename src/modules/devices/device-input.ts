/** Validation shared by receiving a device and editing it: every field problem at once. */
import type { CpeKind } from '../../db/schema.ts';
import type { TenantTx } from '../../db/tenancy.ts';
import { cleanText, checkRequiredText, type Problems } from '../../lib/validate.ts';
import { deviceWith } from './devices-repository.ts';
import { CPE_KINDS, isCpeKind, normaliseSerial, parseMac } from './device-rules.ts';

export interface DeviceFieldsInput {
  kind?: CpeKind | string | undefined;
  brand?: string | undefined;
  model?: string | undefined;
  serialNumber?: string | undefined;
  macAddress?: string | null | undefined;
  notes?: string | undefined;
}

export interface DeviceFields {
  kind: CpeKind;
  brand: string;
  model: string;
  serialNumber: string;
  macAddress: string | null;
  notes: string;
}

export function readDeviceFields(problems: Problems, input: DeviceFieldsInput, fallbackKind: CpeKind = 'onu'): DeviceFields {
  const kindRaw = input.kind === undefined || input.kind === '' ? fallbackKind : input.kind;
  if (!isCpeKind(kindRaw)) problems.add('kind', 'enum', `Kind must be one of ${CPE_KINDS.join(', ')}`);
  const brand = cleanText(input.brand);
  const model = cleanText(input.model);
  const serialNumber = normaliseSerial(input.serialNumber);
  checkRequiredText(problems, 'brand', 'Brand', brand, 80);
  checkRequiredText(problems, 'model', 'Model', model, 80);
  checkRequiredText(problems, 'serialNumber', 'Serial number', serialNumber, 80);
  if (/\s/.test(serialNumber)) problems.add('serialNumber', 'format', 'A serial number has no spaces');
  const mac = parseMac(input.macAddress ?? '');
  if (!mac.ok) problems.add('macAddress', mac.rule, mac.message);
  const notes = typeof input.notes === 'string' ? input.notes.trim() : '';
  if (notes.length > 2000) problems.add('notes', 'max_length', 'Notes must be at most 2000 characters');
  return { kind: isCpeKind(kindRaw) ? kindRaw : fallbackKind, brand, model, serialNumber, macAddress: mac.ok ? mac.mac : null, notes };
}

/** Serial and MAC are unique per tenant; say so on the field instead of failing on the index. */
export async function checkDeviceUniqueness(trx: TenantTx, tenantId: string, problems: Problems, fields: DeviceFields, exceptId?: string): Promise<void> {
  if (fields.serialNumber && (await deviceWith(trx, tenantId, 'serial', fields.serialNumber, exceptId))) {
    problems.add('serialNumber', 'taken', 'A device with this serial number is already in the inventory');
  }
  if (fields.macAddress && (await deviceWith(trx, tenantId, 'mac', fields.macAddress, exceptId))) {
    problems.add('macAddress', 'taken', 'A device with this MAC address is already in the inventory');
  }
}

/** externalRef: trimmed, empty means none. */
export function readExternalRef(problems: Problems, raw: unknown): string | null {
  const ref = typeof raw === 'string' ? raw.trim() : '';
  if (ref.length > 100) problems.add('externalRef', 'max_length', 'External reference must be at most 100 characters');
  return ref === '' ? null : ref;
}

/** What the audit log keeps of a device. */
export function deviceAudit(d: { kind: string; brand: string; model: string; serialNumber: string; macAddress: string | null; status: string; installationId: string | null; notes: string; externalRef?: string | null }) {
  return {
    kind: d.kind,
    brand: d.brand,
    model: d.model,
    serialNumber: d.serialNumber,
    macAddress: d.macAddress,
    status: d.status,
    installationId: d.installationId,
    notes: d.notes,
    externalRef: d.externalRef ?? null,
  };
}
