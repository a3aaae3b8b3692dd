/**
 * Rows of the FTTH plant (LCP > splitter > NAP > port). Plain functions, transaction first;
 * every query names the tenant as well as relying on RLS. `forUpdate` locks the row for the
 * rest of the caller's transaction (edits and (de)activation lock the row they change).
 */
import type { TenantTx } from '../../db/tenancy.ts';
import type { SplitterRatio } from '../../db/schema.ts';

export interface LcpRow {
  id: string;
  code: string;
  name: string;
  portCount: number;
  areaId: string | null;
  areaName: string | null;
  address: string;
  latitude: number | null;
  longitude: number | null;
  coverageRadiusM: number | null;
  notes: string;
  active: boolean;
  externalRef: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SplitterRow {
  id: string;
  lcpId: string;
  lcpCode: string;
  lcpActive: boolean;
  code: string;
  ratio: SplitterRatio;
  lcpPort: number;
  notes: string;
  active: boolean;
  externalRef: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NapRow {
  id: string;
  splitterId: string;
  splitterCode: string;
  splitterActive: boolean;
  splitterRatio: SplitterRatio;
  lcpId: string;
  lcpCode: string;
  lcpActive: boolean;
  code: string;
  name: string;
  splitterPort: number;
  portCount: number;
  address: string;
  latitude: number | null;
  longitude: number | null;
  notes: string;
  active: boolean;
  externalRef: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type Lock = { forUpdate?: boolean };

/** The LCP select with its area name; callers add conditions (the lists add sort keys). */
export function selectLcps(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('lcps as l')
    .leftJoin('service_areas as a', (j) => j.onRef('a.tenant_id', '=', 'l.tenant_id').onRef('a.id', '=', 'l.area_id'))
    .select([
      'l.id',
      'l.code',
      'l.name',
      'l.port_count as portCount',
      'l.area_id as areaId',
      'a.name as areaName',
      'l.address',
      'l.latitude',
      'l.longitude',
      'l.coverage_radius_m as coverageRadiusM',
      'l.notes',
      'l.active',
      'l.external_ref as externalRef',
      'l.created_at as createdAt',
      'l.updated_at as updatedAt',
    ])
    .where('l.tenant_id', '=', tenantId);
}

export async function findLcp(trx: TenantTx, tenantId: string, id: string, lock: Lock = {}): Promise<LcpRow | undefined> {
  let query = selectLcps(trx, tenantId).where('l.id', '=', id);
  if (lock.forUpdate) query = query.forUpdate('l');
  return query.executeTakeFirst();
}

export function selectSplitters(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('splitters as s')
    .innerJoin('lcps as l', (j) => j.onRef('l.tenant_id', '=', 's.tenant_id').onRef('l.id', '=', 's.lcp_id'))
    .select([
      's.id',
      's.lcp_id as lcpId',
      'l.code as lcpCode',
      'l.active as lcpActive',
      's.code',
      's.ratio',
      's.lcp_port as lcpPort',
      's.notes',
      's.active',
      's.external_ref as externalRef',
      's.created_at as createdAt',
      's.updated_at as updatedAt',
    ])
    .where('s.tenant_id', '=', tenantId);
}

export async function findSplitter(trx: TenantTx, tenantId: string, id: string, lock: Lock = {}): Promise<SplitterRow | undefined> {
  let query = selectSplitters(trx, tenantId).where('s.id', '=', id);
  if (lock.forUpdate) query = query.forUpdate('s');
  return query.executeTakeFirst();
}

export function splittersOf(trx: TenantTx, tenantId: string, lcpIds: readonly string[]): Promise<SplitterRow[]> {
  if (lcpIds.length === 0) return Promise.resolve([]);
  return selectSplitters(trx, tenantId).where('s.lcp_id', 'in', lcpIds).orderBy('s.lcp_port').orderBy('s.code').execute();
}

export function selectNaps(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('naps as n')
    .innerJoin('splitters as s', (j) => j.onRef('s.tenant_id', '=', 'n.tenant_id').onRef('s.id', '=', 'n.splitter_id'))
    .innerJoin('lcps as l', (j) => j.onRef('l.tenant_id', '=', 's.tenant_id').onRef('l.id', '=', 's.lcp_id'))
    .select([
      'n.id',
      'n.splitter_id as splitterId',
      's.code as splitterCode',
      's.active as splitterActive',
      's.ratio as splitterRatio',
      's.lcp_id as lcpId',
      'l.code as lcpCode',
      'l.active as lcpActive',
      'n.code',
      'n.name',
      'n.splitter_port as splitterPort',
      'n.port_count as portCount',
      'n.address',
      'n.latitude',
      'n.longitude',
      'n.notes',
      'n.active',
      'n.external_ref as externalRef',
      'n.created_at as createdAt',
      'n.updated_at as updatedAt',
    ])
    .where('n.tenant_id', '=', tenantId);
}

export async function findNap(trx: TenantTx, tenantId: string, id: string, lock: Lock = {}): Promise<NapRow | undefined> {
  let query = selectNaps(trx, tenantId).where('n.id', '=', id);
  if (lock.forUpdate) query = query.forUpdate('n');
  return query.executeTakeFirst();
}

export function napsOf(trx: TenantTx, tenantId: string, splitterIds: readonly string[]): Promise<NapRow[]> {
  if (splitterIds.length === 0) return Promise.resolve([]);
  return selectNaps(trx, tenantId).where('n.splitter_id', 'in', splitterIds).orderBy('n.splitter_port').orderBy('n.code').execute();
}

/** Whether an area exists in this tenant (the LCP form and importer name one by id). */
export async function areaExists(trx: TenantTx, tenantId: string, areaId: string): Promise<boolean> {
  const row = await trx.selectFrom('service_areas').select('id').where('tenant_id', '=', tenantId).where('id', '=', areaId).executeTakeFirst();
  return row !== undefined;
}

/** LCP feeder ports taken by active splitters, with the splitter's code. */
export function activeSplitterPorts(trx: TenantTx, tenantId: string, lcpId: string): Promise<{ id: string; code: string; lcpPort: number }[]> {
  return trx
    .selectFrom('splitters')
    .select(['id', 'code', 'lcp_port as lcpPort'])
    .where('tenant_id', '=', tenantId)
    .where('lcp_id', '=', lcpId)
    .where('active', '=', true)
    .orderBy('lcp_port')
    .execute();
}

/** Splitter output ports taken by active NAPs, with the NAP's code. */
export function activeNapPorts(trx: TenantTx, tenantId: string, splitterId: string): Promise<{ id: string; code: string; splitterPort: number }[]> {
  return trx
    .selectFrom('naps')
    .select(['id', 'code', 'splitter_port as splitterPort'])
    .where('tenant_id', '=', tenantId)
    .where('splitter_id', '=', splitterId)
    .where('active', '=', true)
    .orderBy('splitter_port')
    .execute();
}

/** Whether another LCP of the tenant uses this code (case-insensitive, like lcps_code_key). */
export async function lcpCodeTaken(trx: TenantTx, tenantId: string, code: string, exceptId?: string): Promise<boolean> {
  let query = trx.selectFrom('lcps').select('id').where('tenant_id', '=', tenantId).where((eb) => eb(eb.fn('lower', ['code']), '=', code.toLowerCase()));
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Whether another splitter of the same LCP uses this code (splitters_code_key). */
export async function splitterCodeTaken(trx: TenantTx, tenantId: string, lcpId: string, code: string, exceptId?: string): Promise<boolean> {
  let query = trx
    .selectFrom('splitters')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('lcp_id', '=', lcpId)
    .where((eb) => eb(eb.fn('lower', ['code']), '=', code.toLowerCase()));
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Whether another NAP of the same splitter uses this code (naps_code_key). */
export async function napCodeTaken(trx: TenantTx, tenantId: string, splitterId: string, code: string, exceptId?: string): Promise<boolean> {
  let query = trx
    .selectFrom('naps')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('splitter_id', '=', splitterId)
    .where((eb) => eb(eb.fn('lower', ['code']), '=', code.toLowerCase()));
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Whether another row of the tenant already carries this external reference. */
export async function externalRefTaken(trx: TenantTx, tenantId: string, table: 'lcps' | 'splitters' | 'naps', ref: string, exceptId?: string): Promise<boolean> {
  let query = trx.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('external_ref', '=', ref);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}
