/** Route-matrix samples for fiber plant: LCPs, splitters, NAPs, ports, network tree. See route-samples.ts for what a sample must do. */
import { json, next, type RouteSample, type SampleContext, type SampleEntity } from '../sample-kit.ts';

interface Branch {
  lcpId: string;
  splitterId: string;
  napId: string;
  portId: string;
}

/** An LCP with one splitter and one NAP of 4 ports, made through the victim's own API. */
async function victimBranch(ctx: SampleContext): Promise<Branch> {
  const n = next();
  const lcp = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/lcps', { code: `V-LCP-${n}`, name: `Victim LCP ${n}`, latitude: 14.5, longitude: 121 });
  const splitter = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/splitters', { lcpId: lcp.id, code: 'SP-1', ratio: 8, lcpPort: 1 });
  const nap = await json<{ id: string }>(ctx, ctx.victim, 'POST', '/api/v1/naps', { splitterId: splitter.id, code: 'NAP-1', splitterPort: 1, portCount: 4 });
  const grid = await json<{ ports: { id: string }[] }>(ctx, ctx.victim, 'GET', `/api/v1/naps/${nap.id}/ports`);
  return { lcpId: lcp.id, splitterId: splitter.id, napId: nap.id, portId: grid.ports[0]!.id };
}

const victimLcp = async (ctx: SampleContext, options: { inactive?: boolean } = {}): Promise<SampleEntity> => {
  const b = await victimBranch(ctx);
  if (options.inactive) await json(ctx, ctx.victim, 'POST', `/api/v1/lcps/${b.lcpId}/deactivate`);
  return { table: 'lcps', id: b.lcpId };
};

const victimSplitter = async (ctx: SampleContext, options: { inactive?: boolean } = {}): Promise<SampleEntity> => {
  const b = await victimBranch(ctx);
  if (options.inactive) await json(ctx, ctx.victim, 'POST', `/api/v1/splitters/${b.splitterId}/deactivate`);
  return { table: 'splitters', id: b.splitterId };
};

const victimNap = async (ctx: SampleContext, options: { inactive?: boolean } = {}): Promise<SampleEntity> => {
  const b = await victimBranch(ctx);
  if (options.inactive) await json(ctx, ctx.victim, 'POST', `/api/v1/naps/${b.napId}/deactivate`);
  return { table: 'naps', id: b.napId };
};

const victimPort = async (ctx: SampleContext): Promise<SampleEntity> => ({ table: 'nap_ports', id: (await victimBranch(ctx)).portId });

const lcpForm = () => ({ code: `TAKEN-${next()}`, name: 'Taken over', portCount: '8' });
const splitterForm = () => ({ code: `SP-X${next()}`, ratio: '8', lcpPort: '2' });
const napForm = () => ({ code: `NAP-X${next()}`, splitterPort: '2', portCount: '8' });

export const plantSamples: Record<string, RouteSample> = {
  // API: LCPs
  'POST /api/v1/lcps': { body: () => ({ code: `ANON-${next()}`, name: 'Anonymous' }) },
  'GET /api/v1/lcps/:id': { create: (ctx) => victimLcp(ctx) },
  'PATCH /api/v1/lcps/:id': { create: (ctx) => victimLcp(ctx), body: () => ({ name: 'Taken over', portCount: 1 }) },
  'POST /api/v1/lcps/:id/deactivate': { create: (ctx) => victimLcp(ctx) },
  'POST /api/v1/lcps/:id/reactivate': { create: (ctx) => victimLcp(ctx, { inactive: true }) },
  // API: splitters
  'POST /api/v1/splitters': { body: () => ({ lcpId: '00000000-0000-4000-8000-000000000000', code: 'SP-1', ratio: 8, lcpPort: 1 }) },
  'GET /api/v1/splitters/:id': { create: (ctx) => victimSplitter(ctx) },
  'PATCH /api/v1/splitters/:id': { create: (ctx) => victimSplitter(ctx), body: () => ({ code: 'TAKEN', ratio: 2 }) },
  'POST /api/v1/splitters/:id/deactivate': { create: (ctx) => victimSplitter(ctx) },
  'POST /api/v1/splitters/:id/reactivate': { create: (ctx) => victimSplitter(ctx, { inactive: true }) },
  // API: NAPs and ports
  'POST /api/v1/naps': { body: () => ({ splitterId: '00000000-0000-4000-8000-000000000000', code: 'NAP-1', splitterPort: 1, portCount: 8 }) },
  'GET /api/v1/naps/:id': { create: (ctx) => victimNap(ctx) },
  'GET /api/v1/naps/:id/ports': { create: (ctx) => victimNap(ctx) },
  'PATCH /api/v1/naps/:id': { create: (ctx) => victimNap(ctx), body: () => ({ code: 'TAKEN', portCount: 1 }) },
  'POST /api/v1/naps/:id/deactivate': { create: (ctx) => victimNap(ctx) },
  'POST /api/v1/naps/:id/reactivate': { create: (ctx) => victimNap(ctx, { inactive: true }) },
  'PATCH /api/v1/nap-ports/:id': { create: victimPort, body: () => ({ outOfService: true, notes: 'taken over' }) },
  // Pages: LCPs
  'POST /app/network/lcps': { body: lcpForm },
  'GET /app/network/lcps/:id': { create: (ctx) => victimLcp(ctx) },
  'GET /app/network/lcps/:id/edit': { create: (ctx) => victimLcp(ctx) },
  'POST /app/network/lcps/:id/edit': { create: (ctx) => victimLcp(ctx), body: lcpForm },
  'POST /app/network/lcps/:id/deactivate': { create: (ctx) => victimLcp(ctx) },
  'POST /app/network/lcps/:id/reactivate': { create: (ctx) => victimLcp(ctx, { inactive: true }) },
  'POST /app/network/lcps/:id/splitters': { create: (ctx) => victimLcp(ctx), body: splitterForm },
  // Pages: splitters
  'GET /app/network/splitters/:id': { create: (ctx) => victimSplitter(ctx) },
  'GET /app/network/splitters/:id/edit': { create: (ctx) => victimSplitter(ctx) },
  'POST /app/network/splitters/:id/edit': { create: (ctx) => victimSplitter(ctx), body: splitterForm },
  'POST /app/network/splitters/:id/deactivate': { create: (ctx) => victimSplitter(ctx) },
  'POST /app/network/splitters/:id/reactivate': { create: (ctx) => victimSplitter(ctx, { inactive: true }) },
  'POST /app/network/splitters/:id/naps': { create: (ctx) => victimSplitter(ctx), body: napForm },
  // Pages: NAPs and ports
  'GET /app/network/naps/:id': { create: (ctx) => victimNap(ctx) },
  'GET /app/network/naps/:id/edit': { create: (ctx) => victimNap(ctx) },
  'POST /app/network/naps/:id/edit': { create: (ctx) => victimNap(ctx), body: napForm },
  'POST /app/network/naps/:id/deactivate': { create: (ctx) => victimNap(ctx) },
  'POST /app/network/naps/:id/reactivate': { create: (ctx) => victimNap(ctx, { inactive: true }) },
  'POST /app/network/nap-ports/:id': { create: victimPort, body: () => ({ outOfService: 'true' }) },
};
