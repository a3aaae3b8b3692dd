/**
 * Reading one plant item for its page or API resource: the item with capacity, its children
 * with theirs, and the parent ports still free for a new child.
 */
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { portsOfNaps, type PortCell } from './nap-ports-repository.ts';
import { activeNapPorts, activeSplitterPorts, findLcp, findNap, findSplitter, napsOf, splittersOf } from './plant-repository.ts';
import { withLcpCapacity, withNapCapacity, withSplitterCapacity, type LcpView, type NapView, type SplitterView } from './plant-views.ts';

function freeNumbers(count: number, used: Iterable<number>): number[] {
  const taken = new Set(used);
  return Array.from({ length: count }, (_, i) => i + 1).filter((n) => !taken.has(n));
}

export async function getLcp(ctx: TenantContext, input: { lcpId: string }): Promise<LcpView> {
  assertCan(ctx.actor, 'network.read');
  const row = await findLcp(ctx.trx, ctx.tenantId, input.lcpId);
  if (!row) throw notFound('LCP');
  const [view] = await withLcpCapacity(ctx.trx, ctx.tenantId, [row]);
  return view!;
}

export interface LcpDetail {
  lcp: LcpView;
  splitters: SplitterView[];
  /** Feeder ports no active splitter hangs from (offered by the add-splitter form). */
  freeLcpPorts: number[];
}

export async function getLcpDetail(ctx: TenantContext, input: { lcpId: string }): Promise<LcpDetail> {
  const lcp = await getLcp(ctx, input);
  const splitters = await withSplitterCapacity(ctx.trx, ctx.tenantId, await splittersOf(ctx.trx, ctx.tenantId, [lcp.id]));
  const used = await activeSplitterPorts(ctx.trx, ctx.tenantId, lcp.id);
  return { lcp, splitters, freeLcpPorts: freeNumbers(lcp.portCount, used.map((s) => s.lcpPort)) };
}

export async function getSplitter(ctx: TenantContext, input: { splitterId: string }): Promise<SplitterView> {
  assertCan(ctx.actor, 'network.read');
  const row = await findSplitter(ctx.trx, ctx.tenantId, input.splitterId);
  if (!row) throw notFound('Splitter');
  const [view] = await withSplitterCapacity(ctx.trx, ctx.tenantId, [row]);
  return view!;
}

export interface SplitterDetail {
  splitter: SplitterView;
  naps: NapView[];
  /** Output ports no active NAP uses (offered by the add-NAP form). */
  freeSplitterPorts: number[];
  /** Feeder ports of the LCP free for this splitter to move to (its own included). */
  freeLcpPorts: number[];
  lcpPortCount: number;
}

export async function getSplitterDetail(ctx: TenantContext, input: { splitterId: string }): Promise<SplitterDetail> {
  const splitter = await getSplitter(ctx, input);
  const naps = await withNapCapacity(ctx.trx, ctx.tenantId, await napsOf(ctx.trx, ctx.tenantId, [splitter.id]));
  const usedOutputs = await activeNapPorts(ctx.trx, ctx.tenantId, splitter.id);
  const lcp = await findLcp(ctx.trx, ctx.tenantId, splitter.lcpId);
  const usedFeeders = (await activeSplitterPorts(ctx.trx, ctx.tenantId, splitter.lcpId)).filter((s) => s.id !== splitter.id);
  const lcpPortCount = lcp?.portCount ?? splitter.lcpPort;
  return {
    splitter,
    naps,
    freeSplitterPorts: freeNumbers(splitter.ratio, usedOutputs.map((n) => n.splitterPort)),
    freeLcpPorts: freeNumbers(lcpPortCount, usedFeeders.map((s) => s.lcpPort)),
    lcpPortCount,
  };
}

export async function getNap(ctx: TenantContext, input: { napId: string }): Promise<NapView> {
  assertCan(ctx.actor, 'network.read');
  const row = await findNap(ctx.trx, ctx.tenantId, input.napId);
  if (!row) throw notFound('NAP');
  const [view] = await withNapCapacity(ctx.trx, ctx.tenantId, [row]);
  return view!;
}

export async function getNapPorts(ctx: TenantContext, input: { napId: string }): Promise<{ nap: NapView; ports: PortCell[] }> {
  const nap = await getNap(ctx, input);
  return { nap, ports: await portsOfNaps(ctx.trx, ctx.tenantId, [nap.id]) };
}

export interface NapDetail {
  nap: NapView;
  ports: PortCell[];
  /** Output ports of the splitter free for this NAP to move to (its own included). */
  freeSplitterPorts: number[];
}

export async function getNapDetail(ctx: TenantContext, input: { napId: string }): Promise<NapDetail> {
  const { nap, ports } = await getNapPorts(ctx, input);
  const used = (await activeNapPorts(ctx.trx, ctx.tenantId, nap.splitterId)).filter((n) => n.id !== nap.id);
  return { nap, ports, freeSplitterPorts: freeNumbers(nap.splitterRatio, used.map((n) => n.splitterPort)) };
}

/** Every LCP's id and code, for filter selects. */
export async function listLcpChoices(ctx: TenantContext): Promise<{ id: string; code: string; name: string; active: boolean }[]> {
  assertCan(ctx.actor, 'network.read');
  return ctx.trx.selectFrom('lcps').select(['id', 'code', 'name', 'active']).where('tenant_id', '=', ctx.tenantId).orderBy('code').execute();
}

/** The NAP a port belongs to (the port page returns to it). */
export async function getNapIdOfPort(ctx: TenantContext, input: { napPortId: string }): Promise<string> {
  assertCan(ctx.actor, 'network.read');
  const row = await ctx.trx.selectFrom('nap_ports').select('nap_id').where('tenant_id', '=', ctx.tenantId).where('id', '=', input.napPortId).executeTakeFirst();
  if (!row) throw notFound('NAP port');
  return row.nap_id;
}
