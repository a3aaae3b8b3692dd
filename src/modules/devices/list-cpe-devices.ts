/** Reading the inventory: a page of devices, one device with its history, in-stock devices for the installation form. */
import { notFound, forbidden } from '../../lib/errors.ts';
import { can, type TenantContext } from '../context.ts';
import { deviceEvents, findDevice, listDevices, type DeviceEventView, type DeviceListQuery, type DeviceView } from './devices-repository.ts';

/** The network team reads the inventory; so does the office, which sees devices on customer pages. */
export function assertCanReadDevices(ctx: TenantContext): void {
  if (!can(ctx.actor, 'network.read') && !can(ctx.actor, 'customers.read')) throw forbidden('This needs the "network.read" or "customers.read" permission');
}

export async function listCpeDevices(ctx: TenantContext, query: DeviceListQuery): Promise<{ items: DeviceView[]; nextCursor: string | null }> {
  assertCanReadDevices(ctx);
  return listDevices(ctx.trx, ctx.tenantId, query);
}

export async function getCpeDevice(ctx: TenantContext, input: { deviceId: string }): Promise<{ device: DeviceView; events: DeviceEventView[] }> {
  assertCanReadDevices(ctx);
  const device = await findDevice(ctx.trx, ctx.tenantId, input.deviceId);
  if (!device) throw notFound('Device');
  return { device, events: await deviceEvents(ctx.trx, ctx.tenantId, device.id) };
}

/** Devices an installation can take: everything in stock, oldest first (first in, first out). */
export async function listInStockDevices(ctx: TenantContext, limit = 500): Promise<DeviceView[]> {
  assertCanReadDevices(ctx);
  const page = await listDevices(ctx.trx, ctx.tenantId, { status: 'in_stock', sort: 'created', dir: 'asc', limit });
  return page.items;
}
