/** Every CSV import type and its importer. */
import type { ImportType } from '../../db/schema.ts';
import type { Importer } from './importer.ts';
import { areasImporter } from './importers/areas.ts';
import { plansImporter } from './importers/plans.ts';
import { customersImporter } from './importers/customers.ts';
import { devicesImporter } from './importers/devices.ts';
import { installationsImporter } from './importers/installations.ts';

export const IMPORT_TYPES: readonly ImportType[] = ['areas', 'plans', 'customers', 'devices', 'installations'];

export const IMPORTERS: Record<ImportType, Importer> = {
  areas: areasImporter,
  plans: plansImporter,
  customers: customersImporter,
  devices: devicesImporter,
  installations: installationsImporter,
};

export function isImportType(value: unknown): value is ImportType {
  return typeof value === 'string' && (IMPORT_TYPES as readonly string[]).includes(value);
}
