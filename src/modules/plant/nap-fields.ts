/**
 * The fields of a NAP box as create and update read them, checked against its splitter: it is
 * fed from one splitter output port (1..ratio) that no other active NAP uses, its code is
 * unique within the splitter, and it has 1-64 drop ports.
 */
import type { TenantTx } from '../../db/tenancy.ts';
import { parseLatLng } from '../../lib/geo.ts';
import { cleanText, type Problems } from '../../lib/validate.ts';
import { readCode, readExternalRef, readText, readWholeNumber } from './plant-input.ts';
import { activeNapPorts, externalRefTaken, napCodeTaken, type NapRow, type SplitterRow } from './plant-repository.ts';

export interface NapFields {
  code: string;
  name?: string;
  /** The splitter output port it is fed from (1..the splitter's ratio). */
  splitterPort: number | string;
  /** Drop ports in the box (1-64). */
  portCount: number | string;
  address?: string;
  latitude?: number | string | null;
  longitude?: number | string | null;
  notes?: string;
  externalRef?: string | null;
}

export interface NapValues {
  code: string;
  name: string;
  splitter_port: number;
  port_count: number;
  address: string;
  latitude: number | null;
  longitude: number | null;
  notes: string;
  external_ref: string | null;
}

export async function readNapInput(
  trx: TenantTx,
  tenantId: string,
  problems: Problems,
  splitter: Pick<SplitterRow, 'id' | 'code' | 'ratio'>,
  input: NapFields,
  existing?: Pick<NapRow, 'id' | 'active'>,
): Promise<NapValues | undefined> {
  const code = readCode(problems, 'code', 'Code', input.code);
  const name = cleanText(input.name);
  if (name.length > 120) problems.add('name', 'max_length', 'Name must be at most 120 characters');
  const splitterPort = readWholeNumber(problems, 'splitterPort', 'Splitter port', input.splitterPort, { min: 1, max: splitter.ratio });
  const portCount = readWholeNumber(problems, 'portCount', 'Port count', input.portCount, { min: 1, max: 64 });
  const address = readText(problems, 'address', 'Address', input.address, 500);
  const location = parseLatLng(problems, { latitude: input.latitude, longitude: input.longitude });
  const notes = readText(problems, 'notes', 'Notes', input.notes, 2000);
  const externalRef = readExternalRef(problems, input.externalRef);

  if (code !== '' && code.length <= 40 && (await napCodeTaken(trx, tenantId, splitter.id, code, existing?.id))) {
    problems.add('code', 'taken', `Splitter ${splitter.code} already has a NAP with this code`);
  }
  // An inactive NAP holds no splitter port; it is checked again when reactivated.
  if (splitterPort !== undefined && (existing?.active ?? true)) {
    const holder = (await activeNapPorts(trx, tenantId, splitter.id)).find((n) => n.splitterPort === splitterPort && n.id !== existing?.id);
    if (holder) problems.add('splitterPort', 'taken', `NAP ${holder.code} already uses splitter port ${splitterPort}`);
  }
  if (externalRef && (await externalRefTaken(trx, tenantId, 'naps', externalRef, existing?.id))) {
    problems.add('externalRef', 'taken', 'Another NAP already has this external reference');
  }
  if (problems.list.length > 0 || splitterPort === undefined || portCount === undefined) return undefined;
  return {
    code,
    name,
    splitter_port: splitterPort,
    port_count: portCount,
    address,
    latitude: location?.latitude ?? null,
    longitude: location?.longitude ?? null,
    notes,
    external_ref: externalRef,
  };
}
