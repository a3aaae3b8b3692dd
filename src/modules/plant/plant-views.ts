/** What the plant use cases return: the row plus its capacity figures. */
import type { TenantTx } from '../../db/tenancy.ts';
import { capacityOf, lcpCapacities, napCapacities, splitterCapacities, type Capacity } from './plant-capacity.ts';
import { findLcp, findNap, findSplitter, type LcpRow, type NapRow, type SplitterRow } from './plant-repository.ts';

export type LcpView = LcpRow & { capacity: Capacity };
export type SplitterView = SplitterRow & { capacity: Capacity };
export type NapView = NapRow & { capacity: Capacity };

export async function withLcpCapacity(trx: TenantTx, tenantId: string, rows: LcpRow[]): Promise<LcpView[]> {
  const caps = await lcpCapacities(trx, tenantId, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, capacity: capacityOf(caps, r.id) }));
}

export async function withSplitterCapacity(trx: TenantTx, tenantId: string, rows: SplitterRow[]): Promise<SplitterView[]> {
  const caps = await splitterCapacities(trx, tenantId, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, capacity: capacityOf(caps, r.id) }));
}

export async function withNapCapacity(trx: TenantTx, tenantId: string, rows: NapRow[]): Promise<NapView[]> {
  const caps = await napCapacities(trx, tenantId, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, capacity: capacityOf(caps, r.id) }));
}

/** Re-reads an item after a write, so the answer shows what was stored. */
export async function lcpView(trx: TenantTx, tenantId: string, id: string): Promise<LcpView> {
  const row = await findLcp(trx, tenantId, id);
  if (!row) throw new Error(`LCP ${id} vanished inside its own transaction`);
  const [view] = await withLcpCapacity(trx, tenantId, [row]);
  return view!;
}

export async function splitterView(trx: TenantTx, tenantId: string, id: string): Promise<SplitterView> {
  const row = await findSplitter(trx, tenantId, id);
  if (!row) throw new Error(`splitter ${id} vanished inside its own transaction`);
  const [view] = await withSplitterCapacity(trx, tenantId, [row]);
  return view!;
}

export async function napView(trx: TenantTx, tenantId: string, id: string): Promise<NapView> {
  const row = await findNap(trx, tenantId, id);
  if (!row) throw new Error(`NAP ${id} vanished inside its own transaction`);
  const [view] = await withNapCapacity(trx, tenantId, [row]);
  return view!;
}

/** Audit snapshots: the stored fields, without joined names or capacity. */
export function lcpAudit(row: LcpRow) {
  const { areaName: _a, createdAt: _c, updatedAt: _u, ...fields } = row;
  return fields;
}

export function splitterAudit(row: SplitterRow) {
  const { lcpCode: _l, lcpActive: _la, createdAt: _c, updatedAt: _u, ...fields } = row;
  return fields;
}

export function napAudit(row: NapRow) {
  const { splitterCode: _s, splitterActive: _sa, splitterRatio: _r, lcpId: _li, lcpCode: _l, lcpActive: _la, createdAt: _c, updatedAt: _u, ...fields } = row;
  return fields;
}
