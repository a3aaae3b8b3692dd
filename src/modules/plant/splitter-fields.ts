/**
 * The fields of a splitter as create and update read them, checked against its LCP: the
 * ratio (1:2 to 1:64) is its number of output ports; it hangs from one LCP feeder port,
 * which no other active splitter may use; its code is unique within the LCP.
 */
import type { TenantTx } from '../../db/tenancy.ts';
import type { SplitterRatio } from '../../db/schema.ts';
import type { Problems } from '../../lib/validate.ts';
import { readCode, readExternalRef, readText, readWholeNumber, SPLITTER_RATIOS } from './plant-input.ts';
import { activeSplitterPorts, externalRefTaken, splitterCodeTaken, type LcpRow, type SplitterRow } from './plant-repository.ts';

export interface SplitterFields {
  code: string;
  /** 2, 4, 8, 16, 32 or 64 (1:ratio). */
  ratio: number | string;
  /** The LCP feeder port it hangs from (1..the LCP's port count). */
  lcpPort: number | string;
  notes?: string;
  externalRef?: string | null;
}

export interface SplitterValues {
  code: string;
  ratio: SplitterRatio;
  lcp_port: number;
  notes: string;
  external_ref: string | null;
}

export async function readSplitterInput(
  trx: TenantTx,
  tenantId: string,
  problems: Problems,
  lcp: Pick<LcpRow, 'id' | 'code' | 'portCount'>,
  input: SplitterFields,
  existing?: Pick<SplitterRow, 'id' | 'active'>,
): Promise<SplitterValues | undefined> {
  const code = readCode(problems, 'code', 'Code', input.code);
  const ratio = readWholeNumber(problems, 'ratio', 'Ratio', input.ratio, { min: 2, max: 64 });
  if (ratio !== undefined && !(SPLITTER_RATIOS as readonly number[]).includes(ratio)) {
    problems.add('ratio', 'enum', `Ratio must be one of ${SPLITTER_RATIOS.map((r) => `1:${r}`).join(', ')}`);
  }
  const lcpPort = readWholeNumber(problems, 'lcpPort', 'LCP port', input.lcpPort, { min: 1, max: lcp.portCount });
  const notes = readText(problems, 'notes', 'Notes', input.notes, 2000);
  const externalRef = readExternalRef(problems, input.externalRef);

  if (code !== '' && code.length <= 40 && (await splitterCodeTaken(trx, tenantId, lcp.id, code, existing?.id))) {
    problems.add('code', 'taken', `LCP ${lcp.code} already has a splitter with this code`);
  }
  // An inactive splitter holds no port; it is checked again when reactivated.
  if (lcpPort !== undefined && (existing?.active ?? true)) {
    const holder = (await activeSplitterPorts(trx, tenantId, lcp.id)).find((s) => s.lcpPort === lcpPort && s.id !== existing?.id);
    if (holder) problems.add('lcpPort', 'taken', `Splitter ${holder.code} already hangs from LCP port ${lcpPort}`);
  }
  if (externalRef && (await externalRefTaken(trx, tenantId, 'splitters', externalRef, existing?.id))) {
    problems.add('externalRef', 'taken', 'Another splitter already has this external reference');
  }
  if (problems.list.length > 0 || ratio === undefined || lcpPort === undefined) return undefined;
  return { code, ratio: ratio as SplitterRatio, lcp_port: lcpPort, notes, external_ref: externalRef };
}
