/**
 * The fields of an LCP as create and update read them. Update merges the caller's fields
 * over the current row and runs the same rules, so a PATCH and a full form behave alike.
 */
import type { TenantTx } from '../../db/tenancy.ts';
import { parseLatLng } from '../../lib/geo.ts';
import { checkRequiredText, cleanText, type Problems } from '../../lib/validate.ts';
import { readCode, readExternalRef, readOptionalId, readOptionalWholeNumber, readText, readWholeNumber } from './plant-input.ts';
import { areaExists, externalRefTaken, lcpCodeTaken, type LcpRow } from './plant-repository.ts';

export interface LcpInput {
  code: string;
  name: string;
  /** Feeder ports splitters can hang from (1-256, default 8). */
  portCount?: number | string;
  areaId?: string | null;
  address?: string;
  latitude?: number | string | null;
  longitude?: number | string | null;
  /** Coverage circle on the map, in metres; empty means none. */
  coverageRadiusM?: number | string | null;
  notes?: string;
  externalRef?: string | null;
}

export interface LcpValues {
  code: string;
  name: string;
  port_count: number;
  area_id: string | null;
  address: string;
  latitude: number | null;
  longitude: number | null;
  coverage_radius_m: number | null;
  notes: string;
  external_ref: string | null;
}

/** Checks every field (the database ones too) and returns the row values, or undefined when any is wrong. */
export async function readLcpInput(trx: TenantTx, tenantId: string, problems: Problems, input: LcpInput, exceptId?: string): Promise<LcpValues | undefined> {
  const code = readCode(problems, 'code', 'Code', input.code);
  const name = cleanText(input.name);
  checkRequiredText(problems, 'name', 'Name', name, 120);
  const portCount = readWholeNumber(problems, 'portCount', 'Port count', input.portCount, { min: 1, max: 256, fallback: 8 });
  const areaId = readOptionalId(problems, 'areaId', 'Area', input.areaId);
  const address = readText(problems, 'address', 'Address', input.address, 500);
  const location = parseLatLng(problems, { latitude: input.latitude, longitude: input.longitude });
  const coverage = readOptionalWholeNumber(problems, 'coverageRadiusM', 'Coverage radius', input.coverageRadiusM, { min: 1, max: 100_000 });
  const notes = readText(problems, 'notes', 'Notes', input.notes, 2000);
  const externalRef = readExternalRef(problems, input.externalRef);

  if (code !== '' && code.length <= 40 && (await lcpCodeTaken(trx, tenantId, code, exceptId))) {
    problems.add('code', 'taken', 'An LCP with this code already exists');
  }
  if (areaId && !(await areaExists(trx, tenantId, areaId))) problems.add('areaId', 'not_found', 'This area does not exist');
  if (externalRef && (await externalRefTaken(trx, tenantId, 'lcps', externalRef, exceptId))) {
    problems.add('externalRef', 'taken', 'Another LCP already has this external reference');
  }
  if (problems.list.length > 0 || portCount === undefined || coverage === undefined) return undefined;
  return {
    code,
    name,
    port_count: portCount,
    area_id: areaId,
    address,
    latitude: location?.latitude ?? null,
    longitude: location?.longitude ?? null,
    coverage_radius_m: coverage,
    notes,
    external_ref: externalRef,
  };
}

/** The current row as input, so an update can start from it. */
export function lcpAsInput(row: LcpRow): LcpInput {
  return {
    code: row.code,
    name: row.name,
    portCount: row.portCount,
    areaId: row.areaId,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    coverageRadiusM: row.coverageRadiusM,
    notes: row.notes,
    externalRef: row.externalRef,
  };
}

/** Input fields the caller actually gave (undefined means "leave as is"). */
export function givenFields<T extends object>(input: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
