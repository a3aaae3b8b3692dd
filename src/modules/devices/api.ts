/** /api/v1/devices: the CPE inventory (list, get with history, receive, edit, change status). */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { changeCpeDeviceStatus } from './change-cpe-device-status.ts';
import { createCpeDevice } from './create-cpe-device.ts';
import type { DeviceEventView, DeviceView } from './devices-repository.ts';
import { getCpeDevice, listCpeDevices } from './list-cpe-devices.ts';
import { updateCpeDevice } from './update-cpe-device.ts';

const KindSchema = Type.Union([Type.Literal('onu'), Type.Literal('router'), Type.Literal('ap'), Type.Literal('antenna'), Type.Literal('other')]);
const StatusSchema = Type.Union([Type.Literal('in_stock'), Type.Literal('installed'), Type.Literal('faulty'), Type.Literal('returned'), Type.Literal('retired')]);
const Uuid = Type.String({ format: 'uuid' });
const NullableUuid = Type.Union([Uuid, Type.Null()]);

export const DeviceSchema = Type.Object(
  {
    id: Uuid,
    kind: KindSchema,
    brand: Type.String(),
    model: Type.String(),
    serialNumber: Type.String({ description: 'Upper case' }),
    macAddress: Type.Union([Type.String({ description: 'AA:BB:CC:DD:EE:FF' }), Type.Null()]),
    status: StatusSchema,
    installationId: NullableUuid,
    customerId: NullableUuid,
    customerName: Type.Union([Type.String(), Type.Null()]),
    notes: Type.String(),
    externalRef: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'CpeDevice', description: 'A router, ONU or other customer-premises device' },
);

const DeviceEventSchema = Type.Object({
  id: Uuid,
  event: Type.Union([Type.Literal('received'), Type.Literal('installed'), Type.Literal('removed'), Type.Literal('status_changed'), Type.Literal('edited')]),
  fromStatus: Type.Union([StatusSchema, Type.Null()]),
  toStatus: StatusSchema,
  installationId: NullableUuid,
  customerId: NullableUuid,
  customerName: Type.Union([Type.String(), Type.Null()]),
  note: Type.String(),
  occurredAt: Type.String({ format: 'date-time' }),
  actor: Type.String(),
});

const DeviceWithHistorySchema = Type.Composite([DeviceSchema, Type.Object({ history: Type.Array(DeviceEventSchema) })]);

const ListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the serial number, MAC address, brand or model' })),
    status: Type.Optional(StatusSchema),
    kind: Type.Optional(KindSchema),
    sort: Type.Optional(Type.Union([Type.Literal('created'), Type.Literal('serial'), Type.Literal('model'), Type.Literal('status'), Type.Literal('kind')])),
    dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  }),
]);

const CreateBodySchema = Type.Object(
  {
    kind: Type.Optional(KindSchema),
    brand: Type.String({ maxLength: 200 }),
    model: Type.String({ maxLength: 200 }),
    serialNumber: Type.String({ maxLength: 200 }),
    macAddress: Type.Optional(Type.Union([Type.String({ maxLength: 40, description: 'aa:bb:.., AA-BB-.., aabb.ccdd.eeff or 12 hex digits' }), Type.Null()])),
    notes: Type.Optional(Type.String({ maxLength: 5000 })),
    externalRef: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const UpdateBodySchema = Type.Object(
  {
    kind: Type.Optional(KindSchema),
    brand: Type.String({ maxLength: 200 }),
    model: Type.String({ maxLength: 200 }),
    serialNumber: Type.String({ maxLength: 200 }),
    macAddress: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    notes: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

const StatusBodySchema = Type.Object(
  {
    status: Type.Union([Type.Literal('in_stock'), Type.Literal('faulty'), Type.Literal('returned'), Type.Literal('retired')]),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export function presentDevice(d: DeviceView): Static<typeof DeviceSchema> {
  return { ...d, createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString() };
}

function presentEvent(e: DeviceEventView): Static<typeof DeviceEventSchema> {
  const { actorLabel, occurredAt, ...rest } = e;
  return { ...rest, occurredAt: occurredAt.toISOString(), actor: actorLabel };
}

export async function devicesApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof ListQuerySchema> }>(
    '/api/v1/devices',
    {
      onRequest: apiAuth(),
      schema: {
        tags: ['devices'],
        summary: 'List CPE devices (needs network.read or customers.read)',
        querystring: ListQuerySchema,
        response: { 200: pageOf(DeviceSchema), ...problemResponses },
      },
    },
    async (request) => {
      const { limit = 50, cursor, q, status, kind, sort = 'created', dir = 'desc' } = request.query;
      const page = await inTenant(request, (ctx) => listCpeDevices(ctx, { limit, cursor, q, status, kind, sort, dir }));
      return { items: page.items.map(presentDevice), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/devices/:id',
    {
      onRequest: apiAuth(),
      schema: { tags: ['devices'], summary: 'One device with its history', params: IdParamsSchema, response: { 200: DeviceWithHistorySchema, ...problemResponses } },
    },
    async (request) => {
      const { device, events } = await inTenant(request, (ctx) => getCpeDevice(ctx, { deviceId: request.params.id }));
      return { ...presentDevice(device), history: events.map(presentEvent) };
    },
  );

  app.post<{ Body: Static<typeof CreateBodySchema> }>(
    '/api/v1/devices',
    {
      onRequest: apiAuth('inventory.manage'),
      schema: { tags: ['devices'], summary: 'Receive a device into stock', body: CreateBodySchema, response: { 201: DeviceSchema, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(presentDevice(await inTenant(request, (ctx) => createCpeDevice(ctx, request.body)))),
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof UpdateBodySchema> }>(
    '/api/v1/devices/:id',
    {
      onRequest: apiAuth('inventory.manage'),
      schema: { tags: ['devices'], summary: 'Edit kind, brand, model, serial number, MAC or notes', params: IdParamsSchema, body: UpdateBodySchema, response: { 200: DeviceSchema, ...problemResponses } },
    },
    async (request) => presentDevice(await inTenant(request, (ctx) => updateCpeDevice(ctx, { ...request.body, deviceId: request.params.id }))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof StatusBodySchema> }>(
    '/api/v1/devices/:id/status',
    {
      onRequest: apiAuth('inventory.manage'),
      schema: {
        tags: ['devices'],
        summary: 'Mark a device in stock, faulty, returned or retired (an installed device leaves through its installation)',
        params: IdParamsSchema,
        body: StatusBodySchema,
        response: { 200: DeviceSchema, ...problemResponses },
      },
    },
    async (request) => presentDevice(await inTenant(request, (ctx) => changeCpeDeviceStatus(ctx, { deviceId: request.params.id, ...request.body }))),
  );
}
