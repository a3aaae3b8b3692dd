/**
 * The network tree: LCP > splitter > NAP > port > customer, with capacity at every level.
 * Four grouped capacity/port queries whatever the size of the plant. Ports (and their
 * customers) are left out when the selection holds more than TREE_PORT_LIMIT of them; the
 * page then asks for one LCP at a time.
 */
import { sql } from 'kysely';
import { assertCan, type TenantContext } from '../context.ts';
import { capacityOf, lcpCapacities, napCapacities, splitterCapacities, type Capacity } from './plant-capacity.ts';
import { portsOfNaps, type PortCell } from './nap-ports-repository.ts';
import { napsOf, splittersOf, type LcpRow } from './plant-repository.ts';

export const TREE_PORT_LIMIT = 3000;

export interface TreeNap {
  id: string;
  code: string;
  name: string;
  splitterPort: number;
  portCount: number;
  active: boolean;
  capacity: Capacity;
  /** null when the tree was too large to list ports (portsOmitted). */
  ports: PortCell[] | null;
}

export interface TreeSplitter {
  id: string;
  code: string;
  ratio: number;
  lcpPort: number;
  active: boolean;
  capacity: Capacity;
  naps: TreeNap[];
}

export interface TreeLcp {
  id: string;
  code: string;
  name: string;
  areaId: string | null;
  areaName: string | null;
  portCount: number;
  active: boolean;
  capacity: Capacity;
  splitters: TreeSplitter[];
}

export interface NetworkTree {
  lcps: TreeLcp[];
  /** Sum over the active LCPs shown. */
  capacity: Capacity;
  portsOmitted: boolean;
}

export interface NetworkTreeQuery {
  lcpId?: string | undefined;
  areaId?: string | undefined;
  /** Leave inactive items out. */
  activeOnly?: boolean | undefined;
}

export async function getNetworkTree(ctx: TenantContext, query: NetworkTreeQuery = {}): Promise<NetworkTree> {
  assertCan(ctx.actor, 'network.read');
  const { trx, tenantId } = ctx;
  let select = trx
    .selectFrom('lcps as l')
    .leftJoin('service_areas as a', (j) => j.onRef('a.tenant_id', '=', 'l.tenant_id').onRef('a.id', '=', 'l.area_id'))
    .select(['l.id', 'l.code', 'l.name', 'l.area_id as areaId', 'a.name as areaName', 'l.port_count as portCount', 'l.active'])
    .where('l.tenant_id', '=', tenantId)
    .orderBy(sql`lower(l.code)`);
  if (query.lcpId) select = select.where('l.id', '=', query.lcpId);
  if (query.areaId) select = select.where('l.area_id', '=', query.areaId);
  if (query.activeOnly) select = select.where('l.active', '=', true);
  const lcpRows: Pick<LcpRow, 'id' | 'code' | 'name' | 'areaId' | 'areaName' | 'portCount' | 'active'>[] = await select.execute();

  const lcpIds = lcpRows.map((l) => l.id);
  const splitterRows = (await splittersOf(trx, tenantId, lcpIds)).filter((s) => !query.activeOnly || s.active);
  const napRows = (await napsOf(trx, tenantId, splitterRows.map((s) => s.id))).filter((n) => !query.activeOnly || n.active);
  const lcpCaps = await lcpCapacities(trx, tenantId, lcpIds);
  const splitterCaps = await splitterCapacities(trx, tenantId, splitterRows.map((s) => s.id));
  const napCaps = await napCapacities(trx, tenantId, napRows.map((n) => n.id));
  const portTotal = napRows.reduce((sum, n) => sum + n.portCount, 0);
  const portsOmitted = portTotal > TREE_PORT_LIMIT;
  const ports = portsOmitted ? [] : await portsOfNaps(trx, tenantId, napRows.map((n) => n.id));

  const portsByNap = groupBy(ports, (p) => p.napId);
  const napsBySplitter = groupBy(napRows, (n) => n.splitterId);
  const splittersByLcp = groupBy(splitterRows, (s) => s.lcpId);
  const lcps = lcpRows.map((l) => ({
    ...l,
    capacity: capacityOf(lcpCaps, l.id),
    splitters: (splittersByLcp.get(l.id) ?? []).map((s) => ({
      id: s.id,
      code: s.code,
      ratio: s.ratio,
      lcpPort: s.lcpPort,
      active: s.active,
      capacity: capacityOf(splitterCaps, s.id),
      naps: (napsBySplitter.get(s.id) ?? []).map((n) => ({
        id: n.id,
        code: n.code,
        name: n.name,
        splitterPort: n.splitterPort,
        portCount: n.portCount,
        active: n.active,
        capacity: capacityOf(napCaps, n.id),
        ports: portsOmitted ? null : (portsByNap.get(n.id) ?? []),
      })),
    })),
  }));
  const capacity = lcps.reduce(
    (sum, l) => ({ total: sum.total + l.capacity.total, used: sum.used + l.capacity.used, outOfService: sum.outOfService + l.capacity.outOfService, free: sum.free + l.capacity.free }),
    { total: 0, used: 0, outOfService: 0, free: 0 },
  );
  return { lcps, capacity, portsOmitted };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}
