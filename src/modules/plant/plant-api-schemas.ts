/** JSON shapes of the plant API (OpenAPI from the same TypeBox source) and the presenters. */
import { Type, type Static } from '@sinclair/typebox';
import type { Capacity } from './plant-capacity.ts';
import type { PortCell } from './nap-ports-repository.ts';
import type { LcpView, NapView, SplitterView } from './plant-views.ts';

const Uuid = Type.String({ format: 'uuid' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const NullableUuid = Type.Union([Uuid, Type.Null()]);

export const CapacitySchema = Type.Object(
  {
    total: Type.Integer({ description: 'Drop ports (NAP ports); above the NAP level, of active NAPs only' }),
    used: Type.Integer({ description: 'Ports holding a scheduled, active or suspended installation' }),
    outOfService: Type.Integer({ description: 'Ports marked out of service that hold nothing' }),
    free: Type.Integer({ description: 'Ports a new installation could take now' }),
  },
  { description: 'Drop-port capacity at this level' },
);

export const LcpSchema = Type.Object(
  {
    id: Uuid,
    code: Type.String(),
    name: Type.String(),
    portCount: Type.Integer({ description: 'Feeder ports splitters can hang from' }),
    areaId: NullableUuid,
    areaName: NullableString,
    address: Type.String(),
    latitude: NullableNumber,
    longitude: NullableNumber,
    coverageRadiusM: Type.Union([Type.Integer(), Type.Null()]),
    notes: Type.String(),
    active: Type.Boolean(),
    externalRef: NullableString,
    capacity: CapacitySchema,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Lcp', description: 'A local convergence point (street cabinet) splitters hang from' },
);

export const SplitterSchema = Type.Object(
  {
    id: Uuid,
    lcpId: Uuid,
    lcpCode: Type.String(),
    code: Type.String(),
    ratio: Type.Integer({ description: '1:ratio; also its number of output ports (2-64)' }),
    lcpPort: Type.Integer({ description: 'The LCP feeder port it hangs from' }),
    notes: Type.String(),
    active: Type.Boolean(),
    externalRef: NullableString,
    capacity: CapacitySchema,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Splitter', description: 'An optical splitter in an LCP' },
);

export const NapSchema = Type.Object(
  {
    id: Uuid,
    splitterId: Uuid,
    splitterCode: Type.String(),
    lcpId: Uuid,
    lcpCode: Type.String(),
    code: Type.String(),
    name: Type.String(),
    splitterPort: Type.Integer({ description: 'The splitter output port it is fed from' }),
    portCount: Type.Integer({ description: 'Drop ports in the box' }),
    address: Type.String(),
    latitude: NullableNumber,
    longitude: NullableNumber,
    notes: Type.String(),
    active: Type.Boolean(),
    externalRef: NullableString,
    capacity: CapacitySchema,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Nap', description: 'A NAP box (network access point) with drop ports' },
);

export const PortSchema = Type.Object(
  {
    id: Uuid,
    napId: Uuid,
    number: Type.Integer(),
    status: Type.Union([Type.Literal('free'), Type.Literal('taken'), Type.Literal('out_of_service')]),
    notes: Type.String(),
    installationId: NullableUuid,
    installationStatus: NullableString,
    customerId: NullableUuid,
    accountNumber: NullableString,
  },
  { $id: 'NapPort', description: 'One drop port of a NAP and what holds it' },
);

const iso = (d: Date) => d.toISOString();

function capacity(c: Capacity): Static<typeof CapacitySchema> {
  return { total: c.total, used: c.used, outOfService: c.outOfService, free: c.free };
}

export function presentLcp(v: LcpView): Static<typeof LcpSchema> {
  return {
    id: v.id,
    code: v.code,
    name: v.name,
    portCount: v.portCount,
    areaId: v.areaId,
    areaName: v.areaName,
    address: v.address,
    latitude: v.latitude,
    longitude: v.longitude,
    coverageRadiusM: v.coverageRadiusM,
    notes: v.notes,
    active: v.active,
    externalRef: v.externalRef,
    capacity: capacity(v.capacity),
    createdAt: iso(v.createdAt),
    updatedAt: iso(v.updatedAt),
  };
}

export function presentSplitter(v: SplitterView): Static<typeof SplitterSchema> {
  return {
    id: v.id,
    lcpId: v.lcpId,
    lcpCode: v.lcpCode,
    code: v.code,
    ratio: v.ratio,
    lcpPort: v.lcpPort,
    notes: v.notes,
    active: v.active,
    externalRef: v.externalRef,
    capacity: capacity(v.capacity),
    createdAt: iso(v.createdAt),
    updatedAt: iso(v.updatedAt),
  };
}

export function presentNap(v: NapView): Static<typeof NapSchema> {
  return {
    id: v.id,
    splitterId: v.splitterId,
    splitterCode: v.splitterCode,
    lcpId: v.lcpId,
    lcpCode: v.lcpCode,
    code: v.code,
    name: v.name,
    splitterPort: v.splitterPort,
    portCount: v.portCount,
    address: v.address,
    latitude: v.latitude,
    longitude: v.longitude,
    notes: v.notes,
    active: v.active,
    externalRef: v.externalRef,
    capacity: capacity(v.capacity),
    createdAt: iso(v.createdAt),
    updatedAt: iso(v.updatedAt),
  };
}

export function presentPort(p: PortCell): Static<typeof PortSchema> {
  return {
    id: p.id,
    napId: p.napId,
    number: p.portNumber,
    status: p.status,
    notes: p.notes,
    installationId: p.installationId,
    installationStatus: p.installationStatus,
    customerId: p.customerId,
    accountNumber: p.accountNumber,
  };
}

export const ListFilterBoolean = Type.Boolean();
export { capacity as presentCapacity };
