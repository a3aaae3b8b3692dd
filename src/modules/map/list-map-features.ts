/**
 * The network map's data: one GeoJSON FeatureCollection holding the requested layers
 * (customers, installations, LCPs, splitters, NAP boxes) inside an optional bounding box.
 * Each feature's `properties.layer` names its layer. Foreign members say which layers are
 * included and which were cut at LAYER_LIMIT, so a client can ask again for a smaller box.
 *
 * Needs network.read; customers and installations (they name subscribers) need
 * customers.read too. Without it those layers are left out of the default set, and asking
 * for them by name is refused.
 */
import type { TenantContext } from '../context.ts';
import { assertCan, can } from '../context.ts';
import { forbidden } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { capacityOf, lcpCapacities, napCapacities, selectionFor, splitterCapacities } from '../plant/plant-capacity.ts';
import {
  LAYER_LIMIT,
  findCustomerPoints,
  findInstallationPoints,
  findLcpPoints,
  findNapPoints,
  findSplitterPoints,
  type Bbox,
} from './map-repository.ts';

export const MAP_LAYERS = ['customers', 'installations', 'lcps', 'splitters', 'naps'] as const;
export type MapLayer = (typeof MAP_LAYERS)[number];

const NEEDS_CUSTOMERS_READ: ReadonlySet<MapLayer> = new Set(['customers', 'installations']);

export interface ListMapFeaturesInput {
  /** Comma-separated layer names; absent or empty means every layer the caller may see. */
  layers?: string | undefined;
  /** "minLng,minLat,maxLng,maxLat" in degrees (the GeoJSON bbox order). */
  bbox?: string | undefined;
}

export interface MapFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { layer: MapLayer } & Record<string, unknown>;
}

export interface MapFeatureCollection {
  type: 'FeatureCollection';
  features: MapFeature[];
  /** The layers this answer covers (an empty layer has no features but is listed). */
  layers: MapLayer[];
  /** Layers that had more than `limit` features in the box; zoom in to see the rest. */
  truncated: MapLayer[];
  limit: number;
}

export async function listMapFeatures(ctx: TenantContext, input: ListMapFeaturesInput): Promise<MapFeatureCollection> {
  assertCan(ctx.actor, 'network.read');
  const { layers, bbox } = parseInput(input, can(ctx.actor, 'customers.read'));

  const features: MapFeature[] = [];
  const truncated: MapLayer[] = [];
  // One row more than the limit tells a full layer from a cut one.
  const take = LAYER_LIMIT + 1;
  function add<T extends { id: string; latitude: number; longitude: number }>(layer: MapLayer, items: T[], properties: (item: T) => Record<string, unknown>): void {
    if (items.length > LAYER_LIMIT) truncated.push(layer);
    for (const item of items.slice(0, LAYER_LIMIT)) {
      features.push({ type: 'Feature', id: item.id, geometry: { type: 'Point', coordinates: [item.longitude, item.latitude] }, properties: { layer, ...properties(item) } });
    }
  }
  const { trx, tenantId } = ctx;
  for (const layer of layers) {
    if (layer === 'customers') {
      add(layer, await findCustomerPoints(trx, tenantId, bbox, take), (c) => ({ name: c.name, accountNumber: c.accountNumber, status: c.status, serviceAddress: c.serviceAddress }));
    } else if (layer === 'installations') {
      add(layer, await findInstallationPoints(trx, tenantId, bbox, take), (i) => ({
        status: i.status,
        customerId: i.customerId,
        customerName: i.customerName,
        accountNumber: i.accountNumber,
        napCode: i.napCode,
        portNumber: i.portNumber,
      }));
    } else if (layer === 'lcps') {
      const lcps = await findLcpPoints(trx, tenantId, bbox, take);
      const drop = await lcpCapacities(trx, tenantId, selectionFor(lcps.map((l) => l.id)));
      add(layer, lcps, (l) => ({
        code: l.code,
        name: l.name,
        active: l.active,
        coverageRadiusM: l.coverageRadiusM,
        feederPorts: { total: l.feederPorts, used: l.feederPortsUsed, free: Math.max(0, l.feederPorts - l.feederPortsUsed) },
        dropPorts: capacityOf(drop, l.id),
        splitters: l.splitters,
      }));
    } else if (layer === 'splitters') {
      const splitters = await findSplitterPoints(trx, tenantId, bbox, take);
      const drop = await splitterCapacities(trx, tenantId, selectionFor(splitters.map((s) => s.id)));
      add(layer, splitters, (s) => ({
        code: s.code,
        ratio: s.ratio,
        active: s.active,
        lcpId: s.lcpId,
        lcpCode: s.lcpCode,
        outputs: { total: s.ratio, used: s.outputsUsed, free: Math.max(0, s.ratio - s.outputsUsed) },
        dropPorts: capacityOf(drop, s.id),
      }));
    } else {
      const naps = await findNapPoints(trx, tenantId, bbox, take);
      const drop = await napCapacities(trx, tenantId, selectionFor(naps.map((n) => n.id)));
      add(layer, naps, (n) => ({
        code: n.code,
        name: n.name,
        active: n.active,
        splitterCode: n.splitterCode,
        lcpId: n.lcpId,
        lcpCode: n.lcpCode,
        dropPorts: capacityOf(drop, n.id),
      }));
    }
  }
  return { type: 'FeatureCollection', features, layers, truncated, limit: LAYER_LIMIT };
}

function parseInput(input: ListMapFeaturesInput, canSeeCustomers: boolean): { layers: MapLayer[]; bbox: Bbox | null } {
  const problems = new Problems();
  let layers: MapLayer[];
  const names = (input.layers ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (names.length === 0) {
    layers = MAP_LAYERS.filter((l) => canSeeCustomers || !NEEDS_CUSTOMERS_READ.has(l));
  } else {
    const unknown = names.filter((n) => !(MAP_LAYERS as readonly string[]).includes(n));
    if (unknown.length > 0) problems.add('layers', 'enum', `Unknown layer "${unknown[0]}": choose from ${MAP_LAYERS.join(', ')}`);
    layers = MAP_LAYERS.filter((l) => names.includes(l));
  }
  const bbox = parseBbox(problems, input.bbox);
  problems.throwIfAny();
  const hidden = layers.filter((l) => NEEDS_CUSTOMERS_READ.has(l) && !canSeeCustomers);
  if (hidden.length > 0) throw forbidden(`The ${hidden.join(' and ')} layer needs the "customers.read" permission`);
  return { layers, bbox };
}

function parseBbox(problems: Problems, raw: string | undefined): Bbox | null {
  if (raw === undefined || raw.trim() === '') return null;
  const parts = raw.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  const message = 'bbox must be minLng,minLat,maxLng,maxLat in degrees, e.g. 120.9,14.5,121.1,14.7';
  if (parts.length !== 4 || parts.some((p) => p === '') || values.some((v) => !Number.isFinite(v))) {
    problems.add('bbox', 'format', message);
    return null;
  }
  const [minLng, minLat, maxLng, maxLat] = values as [number, number, number, number];
  if (minLat > maxLat || [minLat, maxLat].some((v) => v < -90 || v > 90) || [minLng, maxLng].some((v) => v < -180 || v > 180)) {
    problems.add('bbox', 'range', message);
    return null;
  }
  return { minLng, minLat, maxLng, maxLat };
}
