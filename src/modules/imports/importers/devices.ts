/** CPE devices (ONUs, routers) from CSV, received into stock. */
import type { CpeKind } from '../../../db/schema.ts';
import { createCpeDevice } from '../../devices/create-cpe-device.ts';
import { nullable, optional, type Importer } from '../importer.ts';
import { externalRefExists } from './external-ref.ts';

const COLUMNS: Record<string, string> = { externalRef: 'external_ref', serialNumber: 'serial_number', macAddress: 'mac_address' };

export const devicesImporter: Importer = {
  type: 'devices',
  title: 'CPE devices',
  permissions: ['inventory.manage'],
  columns: [
    { name: 'external_ref', required: true, help: 'Your own unique id for the device' },
    { name: 'kind', help: 'onu (default), router, ap, antenna or other' },
    { name: 'brand', required: true, help: 'e.g. Huawei' },
    { name: 'model', required: true, help: 'e.g. HG8145V5' },
    { name: 'serial_number', required: true, help: 'Unique; installation files refer to devices by it' },
    { name: 'mac_address', help: 'Any common form; stored as AA:BB:CC:DD:EE:FF' },
    { name: 'notes', help: 'Free text' },
  ],
  alreadyImported: (ctx, ref) => externalRefExists(ctx, 'cpe_devices', ref),
  async importRow(input) {
    const { ctx, row, problems } = input;
    const kind = optional(row, 'kind');
    await problems.call(COLUMNS, () =>
      createCpeDevice(ctx, {
        ...(kind !== undefined ? { kind: kind.toLowerCase() as CpeKind } : {}),
        brand: row.values.brand ?? '',
        model: row.values.model ?? '',
        serialNumber: row.values.serial_number ?? '',
        macAddress: nullable(row, 'mac_address') ?? null,
        notes: row.values.notes ?? '',
        externalRef: input.externalRef,
      }),
    );
  },
};
