/** /api/v1/installations: list, get (with CPE), create, and each step of the lifecycle. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import type { Permission } from '../roles/permissions.ts';
import type { TenantContext } from '../context.ts';
import { DeviceSchema, presentDevice } from '../devices/api.ts';
import { cancelInstallation } from './cancel-installation.ts';
import { changeInstallationPort } from './change-installation-port.ts';
import { completeInstallation } from './complete-installation.ts';
import { createInstallation } from './create-installation.ts';
import { getInstallation, listInstallationsFor } from './get-installation.ts';
import type { InstallationView } from './installations-repository.ts';
import { rescheduleInstallation } from './reschedule-installation.ts';
import { resumeInstallation } from './resume-installation.ts';
import { suspendInstallation } from './suspend-installation.ts';
import { swapInstallationDevices } from './swap-installation-devices.ts';
import { terminateInstallation } from './terminate-installation.ts';
import { updateInstallation } from './update-installation.ts';

const Uuid = Type.String({ format: 'uuid' });
const NullableUuid = Type.Union([Uuid, Type.Null()]);
const NullableText = Type.Union([Type.String(), Type.Null()]);
const DateText = Type.String({ format: 'date', description: 'YYYY-MM-DD in the company time zone' });
const NullableDate = Type.Union([DateText, Type.Null()]);
const StatusSchema = Type.Union([Type.Literal('scheduled'), Type.Literal('active'), Type.Literal('suspended'), Type.Literal('terminated'), Type.Literal('cancelled')]);
// Null first: with type coercion on, a null would otherwise be coerced to 0 by the number branch.
const Coordinate = Type.Union([Type.Null(), Type.Number(), Type.String({ maxLength: 30 })]);

export const InstallationSchema = Type.Object(
  {
    id: Uuid,
    customerId: Uuid,
    customerName: Type.String(),
    accountNumber: Type.String(),
    serviceAddress: Type.String(),
    latitude: Type.Union([Type.Number(), Type.Null()]),
    longitude: Type.Union([Type.Number(), Type.Null()]),
    locationAccuracy: NullableText,
    locationNotes: Type.String(),
    napPortId: NullableUuid,
    portNumber: Type.Union([Type.Integer(), Type.Null()]),
    napId: NullableUuid,
    napCode: NullableText,
    splitterId: NullableUuid,
    splitterCode: NullableText,
    lcpId: NullableUuid,
    lcpCode: NullableText,
    technicianId: NullableUuid,
    technicianName: NullableText,
    scheduledOn: NullableDate,
    completedOn: NullableDate,
    endedOn: NullableDate,
    status: StatusSchema,
    notes: Type.String(),
    externalRef: NullableText,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Installation', description: 'A customer’s connection: NAP port, CPE, technician and dates' },
);

const InstallationWithDevicesSchema = Type.Composite([InstallationSchema, Type.Object({ devices: Type.Array(DeviceSchema) })]);

const ListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Customer name, account number or address' })),
    status: Type.Optional(StatusSchema),
    customerId: Type.Optional(Uuid),
    napId: Type.Optional(Uuid),
    lcpId: Type.Optional(Uuid),
    technicianId: Type.Optional(Uuid),
    areaId: Type.Optional(Type.String({ format: 'uuid', description: 'The customer’s area and every area below it' })),
    planId: Type.Optional(Type.String({ format: 'uuid', description: 'Has a service on this plan, on this installation, that is not terminated' })),
    mine: Type.Optional(Type.Boolean({ description: 'Only installations assigned to the calling staff member' })),
    scheduledFrom: Type.Optional(DateText),
    scheduledTo: Type.Optional(DateText),
    sort: Type.Optional(Type.Union([Type.Literal('created'), Type.Literal('scheduled'), Type.Literal('status'), Type.Literal('customer')])),
    dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  }),
]);

const CreateBodySchema = Type.Object(
  {
    customerId: Uuid,
    napPortId: Type.Optional(NullableUuid),
    cpeDeviceIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
    technicianId: Type.Optional(NullableUuid),
    scheduledOn: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    status: Type.Optional(Type.Union([Type.Literal('scheduled'), Type.Literal('active')])),
    completedOn: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    serviceAddress: Type.Optional(Type.String({ maxLength: 1000 })),
    latitude: Type.Optional(Coordinate),
    longitude: Type.Optional(Coordinate),
    locationAccuracy: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    locationNotes: Type.Optional(Type.String({ maxLength: 1000, description: 'Landmarks for the location given here; without a location, the customer’s are used' })),
    notes: Type.Optional(Type.String({ maxLength: 10000 })),
    externalRef: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const UpdateBodySchema = Type.Object(
  {
    serviceAddress: Type.Optional(Type.String({ maxLength: 1000 })),
    latitude: Type.Optional(Coordinate),
    longitude: Type.Optional(Coordinate),
    locationAccuracy: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    locationNotes: Type.Optional(Type.String({ maxLength: 1000 })),
    technicianId: Type.Optional(NullableUuid),
    notes: Type.Optional(Type.String({ maxLength: 10000 })),
  },
  { additionalProperties: false, description: 'Omitted fields stay as they are' },
);

const OptionalDate = Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()]));
const CompleteBody = Type.Object({ completedOn: OptionalDate }, { additionalProperties: false });
const RescheduleBody = Type.Object({ scheduledOn: OptionalDate, technicianId: Type.Optional(NullableUuid) }, { additionalProperties: false });
const PortBody = Type.Object({ napPortId: Uuid }, { additionalProperties: false });
const ReasonBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });
const SwapDevicesBody = Type.Object(
  {
    add: Type.Optional(Type.Array(Uuid, { maxItems: 20, description: 'In-stock devices to install' })),
    remove: Type.Optional(
      Type.Array(
        Type.Object(
          { deviceId: Uuid, condition: Type.Union([Type.Literal('in_stock'), Type.Literal('faulty')], { description: 'Back to stock, or set aside as faulty' }) },
          { additionalProperties: false },
        ),
        { maxItems: 20, description: 'Devices at this installation to take off' },
      ),
    ),
    note: Type.Optional(Type.String({ maxLength: 1000, description: 'Kept on each device’s history row' })),
  },
  { additionalProperties: false },
);
const TerminateBody = Type.Object({ endedOn: OptionalDate, reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });

export function presentInstallation(i: InstallationView): Static<typeof InstallationSchema> {
  return { ...i, createdAt: i.createdAt.toISOString(), updatedAt: i.updatedAt.toISOString() };
}

export async function installationsApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof ListQuerySchema> }>(
    '/api/v1/installations',
    {
      onRequest: apiAuth('customers.read'),
      schema: { tags: ['installations'], summary: 'List installations', querystring: ListQuerySchema, response: { 200: pageOf(InstallationSchema), ...problemResponses } },
    },
    async (request) => {
      const { limit = 50, sort = 'created', dir = 'desc', mine, technicianId, ...filters } = request.query;
      const me = request.principal?.kind === 'staff' ? request.principal.userId : '00000000-0000-0000-0000-000000000000';
      const page = await inTenant(request, (ctx) => listInstallationsFor(ctx, { ...filters, technicianId: mine ? me : technicianId, limit, sort, dir }));
      return { items: page.items.map(presentInstallation), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/installations/:id',
    {
      onRequest: apiAuth('customers.read'),
      schema: { tags: ['installations'], summary: 'One installation with its CPE', params: IdParamsSchema, response: { 200: InstallationWithDevicesSchema, ...problemResponses } },
    },
    async (request) => {
      const { installation, devices } = await inTenant(request, (ctx) => getInstallation(ctx, { installationId: request.params.id }));
      return { ...presentInstallation(installation), devices: devices.map(presentDevice) };
    },
  );

  app.post<{ Body: Static<typeof CreateBodySchema> }>(
    '/api/v1/installations',
    {
      onRequest: apiAuth('installations.manage'),
      schema: {
        tags: ['installations'],
        summary: 'Book an installation (a taken port is a 422 on napPortId)',
        body: CreateBodySchema,
        response: { 201: InstallationSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(presentInstallation(await inTenant(request, (ctx) => createInstallation(ctx, request.body)))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof SwapDevicesBody> }>(
    '/api/v1/installations/:id/devices',
    {
      onRequest: apiAuth('installations.manage'),
      schema: {
        tags: ['installations'],
        summary: 'Swap CPE in one action: install in-stock devices and take devices off (to stock or faulty); a device not in stock or not here is a 422 on add or remove',
        params: IdParamsSchema,
        body: SwapDevicesBody,
        response: { 200: InstallationWithDevicesSchema, ...problemResponses },
      },
    },
    async (request) => {
      const { installation, devices } = await inTenant(request, async (ctx) => {
        await swapInstallationDevices(ctx, { installationId: request.params.id, ...request.body });
        return getInstallation(ctx, { installationId: request.params.id });
      });
      return { ...presentInstallation(installation), devices: devices.map(presentDevice) };
    },
  );

  app.patch<{ Params: Static<typeof IdParamsSchema>; Body: Static<typeof UpdateBodySchema> }>(
    '/api/v1/installations/:id',
    {
      onRequest: apiAuth('installations.manage'),
      schema: {
        tags: ['installations'],
        summary: 'Edit service address, location, technician or notes (terminated and cancelled installations are read-only: 409)',
        params: IdParamsSchema,
        body: UpdateBodySchema,
        response: { 200: InstallationSchema, ...problemResponses },
      },
    },
    async (request) => presentInstallation(await inTenant(request, (ctx) => updateInstallation(ctx, { installationId: request.params.id, ...request.body }))),
  );

  /** One lifecycle step: POST /api/v1/installations/:id/<step> with its body. */
  function step<B extends TSchema>(path: string, summary: string, bodySchema: B, run: (ctx: TenantContext, id: string, body: Static<B>) => Promise<InstallationView>, permission: Permission = 'installations.manage'): void {
    app.post<{ Params: Static<typeof IdParamsSchema>; Body: Static<B> }>(
      `/api/v1/installations/:id/${path}`,
      {
        onRequest: apiAuth(permission),
        // Every field of a step is optional, so a POST without a body means {}.
        preValidation: async (request) => {
          request.body ??= {} as Static<B>;
        },
        schema: { tags: ['installations'], summary, params: IdParamsSchema, body: bodySchema, response: { 200: InstallationSchema, ...problemResponses } } },
      async (request) => presentInstallation(await inTenant(request, (ctx) => run(ctx, request.params.id, (request.body ?? {}) as Static<B>))),
    );
  }

  step('complete', 'Complete a scheduled installation (completedOn defaults to today)', CompleteBody, (ctx, id, b) => completeInstallation(ctx, { installationId: id, ...b }));
  step('schedule', 'Reschedule and/or assign a technician', RescheduleBody, (ctx, id, b) => rescheduleInstallation(ctx, { installationId: id, ...b }));
  step('port', 'Move to another free NAP port', PortBody, (ctx, id, b) => changeInstallationPort(ctx, { installationId: id, napPortId: b.napPortId }));
  step('suspend', 'Suspend an active installation', ReasonBody, (ctx, id, b) => suspendInstallation(ctx, { installationId: id, ...b }));
  step('resume', 'Resume a suspended installation', Type.Object({}, { additionalProperties: false }), (ctx, id) => resumeInstallation(ctx, { installationId: id }));
  step('terminate', 'Terminate: frees the port and returns the CPE to stock', TerminateBody, (ctx, id, b) => terminateInstallation(ctx, { installationId: id, ...b }));
  step('cancel', 'Cancel a scheduled installation: frees the port and returns the CPE to stock', ReasonBody, (ctx, id, b) => cancelInstallation(ctx, { installationId: id, ...b }));
}
