/** /app/devices: the CPE inventory pages (list with CSV, receive, edit, status, history). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { sendCsv, type CsvColumn } from '../../http/csv-export.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { AppError } from '../../lib/errors.ts';
import { sortDirection } from '../../lib/keyset-sort.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { fieldMessages } from '../../views/layout.tsx';
import { can } from '../context.ts';
import { findSettings } from '../settings/settings-repository.ts';
import { CSV_ROW_CAP } from '../installations/form-fields.tsx';
import { firstText } from '../../http/form-values.ts';
import { changeCpeDeviceStatus } from './change-cpe-device-status.ts';
import { createCpeDevice } from './create-cpe-device.ts';
import { DEVICE_SORTS, type DeviceSort, type DeviceView } from './devices-repository.ts';
import { DeviceFormPage, DeviceListPage, DevicePage, type DeviceFormValues } from './device-views.tsx';
import { isCpeKind, isCpeStatus } from './device-rules.ts';
import { getCpeDevice, listCpeDevices } from './list-cpe-devices.ts';
import { updateCpeDevice } from './update-cpe-device.ts';
import { ownValue } from '../../lib/own-value.ts';

const PAGE_SIZE = 50;

const NOTICES: Record<string, string> = {
  received: 'Device received into stock.',
  saved: 'Saved.',
  status: 'Status changed.',
};

const CSV_COLUMNS: CsvColumn<DeviceView>[] = [
  { header: 'serial_number', value: (d) => d.serialNumber },
  { header: 'mac_address', value: (d) => d.macAddress },
  { header: 'kind', value: (d) => d.kind },
  { header: 'brand', value: (d) => d.brand },
  { header: 'model', value: (d) => d.model },
  { header: 'status', value: (d) => d.status },
  { header: 'customer', value: (d) => d.customerName },
  { header: 'installation_id', value: (d) => d.installationId },
  { header: 'notes', value: (d) => d.notes },
  { header: 'external_ref', value: (d) => d.externalRef },
  { header: 'received_at', value: (d) => d.createdAt.toISOString() },
  { header: 'id', value: (d) => d.id },
];

function formValues(body: Record<string, unknown> | undefined): DeviceFormValues {
  const b = body ?? {};
  return {
    kind: firstText(b.kind),
    brand: firstText(b.brand) ?? '',
    model: firstText(b.model) ?? '',
    serialNumber: firstText(b.serialNumber) ?? '',
    macAddress: firstText(b.macAddress) ?? '',
    notes: firstText(b.notes) ?? '',
    externalRef: firstText(b.externalRef) ?? '',
  };
}

function isFormError(err: unknown): err is AppError {
  return err instanceof AppError && err.status === 422;
}

async function listDevicesPage(request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply): Promise<FastifyReply> {
  const principal = request.principal as StaffPrincipal;
  const query = request.query;
  const status = firstText(query.status);
  const kind = firstText(query.kind);
  const sortRaw = firstText(query.sort) ?? 'created';
  const sort: DeviceSort = Object.hasOwn(DEVICE_SORTS, sortRaw) ? (sortRaw as DeviceSort) : 'created';
  const dir = sortDirection(firstText(query.dir), 'desc');
  const csv = firstText(query.format) === 'csv';
  const filters = {
    q: (firstText(query.q) ?? '').slice(0, 200),
    status: isCpeStatus(status) ? status : undefined,
    kind: isCpeKind(kind) ? kind : undefined,
    sort,
    dir,
  };
  const data = await inTenant(request, async (ctx) => ({
    page: await listCpeDevices(ctx, { ...filters, limit: csv ? CSV_ROW_CAP : PAGE_SIZE, cursor: csv ? undefined : firstText(query.cursor) }),
    settings: await findSettings(ctx.trx, ctx.tenantId),
  }));
  if (csv) return sendCsv(reply, 'devices', CSV_COLUMNS, data.page.items, calendarDateIn(request.server.clock(), data.settings.timeZone));
  return renderPage(
    reply,
    <DeviceListPage
      principal={principal}
      items={data.page.items}
      nextCursor={data.page.nextCursor}
      params={{ q: filters.q, status: filters.status, kind: filters.kind, sort, dir, cursor: firstText(query.cursor) }}
      canManage={can(principal.actor, 'inventory.manage')}
      zone={{ timeZone: data.settings.timeZone, locale: data.settings.locale }}
    />,
  );
}

async function showDevice(request: FastifyRequest, reply: FastifyReply, id: string, options: { notice?: string | undefined; error?: string; status?: number } = {}): Promise<FastifyReply> {
  const principal = request.principal as StaffPrincipal;
  const data = await inTenant(request, async (ctx) => ({ ...(await getCpeDevice(ctx, { deviceId: id })), settings: await findSettings(ctx.trx, ctx.tenantId) }));
  return renderPage(
    reply.status(options.status ?? 200),
    <DevicePage
      principal={principal}
      device={data.device}
      events={data.events}
      canManage={can(principal.actor, 'inventory.manage')}
      zone={{ timeZone: data.settings.timeZone, locale: data.settings.locale }}
      notice={options.notice}
      error={options.error}
    />,
  );
}

export async function devicesPages(app: FastifyInstance): Promise<void> {
  // Readable with network.read or customers.read: the use cases check which.
  app.get<{ Querystring: Record<string, unknown> }>('/app/devices', { schema: { hide: true }, onRequest: staffPage() }, listDevicesPage);

  app.get('/app/devices/new', { schema: { hide: true }, onRequest: staffPage('inventory.manage') }, async (request, reply) =>
    renderPage(reply, <DeviceFormPage principal={request.principal as StaffPrincipal} values={{ kind: 'onu' }} errors={{}} />),
  );

  app.post<{ Body: Record<string, unknown> }>('/app/devices', { schema: { hide: true }, onRequest: staffPage('inventory.manage') }, async (request, reply) => {
    const values = formValues(request.body);
    try {
      const device = await inTenant(request, (ctx) => createCpeDevice(ctx, { ...values, kind: isCpeKind(values.kind) ? values.kind : undefined, brand: values.brand ?? '', model: values.model ?? '', serialNumber: values.serialNumber ?? '' }));
      return reply.redirect(`/app/devices/${device.id}?notice=received`, 303);
    } catch (err) {
      if (!isFormError(err)) throw err;
      return renderPage(
        reply.status(422),
        <DeviceFormPage principal={request.principal as StaffPrincipal} values={values} errors={fieldMessages(err.fields)} message="Please fix the highlighted fields. Nothing was saved." />,
      );
    }
  });

  app.get<{ Params: { id: string }; Querystring: { notice?: string } }>('/app/devices/:id', { schema: { hide: true }, onRequest: staffPage() }, async (request, reply) =>
    showDevice(request, reply, request.params.id, { notice: ownValue(NOTICES, firstText(request.query.notice)) }),
  );

  app.get<{ Params: { id: string } }>('/app/devices/:id/edit', { schema: { hide: true }, onRequest: staffPage('inventory.manage') }, async (request, reply) => {
    const { device } = await inTenant(request, (ctx) => getCpeDevice(ctx, { deviceId: request.params.id }));
    const values: DeviceFormValues = { kind: device.kind, brand: device.brand, model: device.model, serialNumber: device.serialNumber, macAddress: device.macAddress ?? '', notes: device.notes };
    return renderPage(reply, <DeviceFormPage principal={request.principal as StaffPrincipal} device={device} values={values} errors={{}} />);
  });

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/app/devices/:id', { schema: { hide: true }, onRequest: staffPage('inventory.manage') }, async (request, reply) => {
    const values = formValues(request.body);
    try {
      await inTenant(request, (ctx) =>
        updateCpeDevice(ctx, { ...values, deviceId: request.params.id, kind: isCpeKind(values.kind) ? values.kind : undefined, brand: values.brand ?? '', model: values.model ?? '', serialNumber: values.serialNumber ?? '' }),
      );
      return reply.redirect(`/app/devices/${request.params.id}?notice=saved`, 303);
    } catch (err) {
      if (!isFormError(err)) throw err;
      const { device } = await inTenant(request, (ctx) => getCpeDevice(ctx, { deviceId: request.params.id }));
      return renderPage(
        reply.status(422),
        <DeviceFormPage principal={request.principal as StaffPrincipal} device={device} values={values} errors={fieldMessages(err.fields)} message="Please fix the highlighted fields. Nothing was saved." />,
      );
    }
  });

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/app/devices/:id/status', { schema: { hide: true }, onRequest: staffPage('inventory.manage') }, async (request, reply) => {
    const body = request.body ?? {};
    try {
      await inTenant(request, (ctx) => changeCpeDeviceStatus(ctx, { deviceId: request.params.id, status: firstText(body.status) ?? '', note: firstText(body.note) ?? '' }));
      return reply.redirect(`/app/devices/${request.params.id}?notice=status`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 422 && err.status !== 409)) throw err;
      return showDevice(request, reply, request.params.id, { error: err.message, status: err.status });
    }
  });
}
