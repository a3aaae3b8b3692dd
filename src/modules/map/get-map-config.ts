/** What the map page needs besides its data: the tile server and the layers the viewer may see. */
import type { TenantContext } from '../context.ts';
import { assertCan, can } from '../context.ts';
import { findMapSettings } from '../settings/settings-repository.ts';
import { MAP_LAYERS, type MapLayer } from './list-map-features.ts';

export interface MapConfig {
  tileUrl: string;
  attribution: string;
  layers: MapLayer[];
}

export async function getMapConfig(ctx: TenantContext): Promise<MapConfig> {
  assertCan(ctx.actor, 'network.read');
  const { tileUrl, attribution } = await findMapSettings(ctx.trx, ctx.tenantId);
  const seesCustomers = can(ctx.actor, 'customers.read');
  return { tileUrl, attribution, layers: MAP_LAYERS.filter((l) => seesCustomers || (l !== 'customers' && l !== 'installations')) };
}
