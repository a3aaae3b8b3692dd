/**
 * Reads for the network map: located rows of one layer inside an optional bounding box.
 * One statement per layer, filtering by tenant_id explicitly besides RLS. Drop-port
 * capacity comes from the plant module (plant-capacity.ts); the feeder figures here are the
 * map's own: a splitter's outputs are used by its active NAP boxes, an LCP's feeder ports
 * by its active splitters.
 */
import { sql, type RawBuilder } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import type { CustomerStatus } from '../../db/schema.ts';

/** West, south, east, north in degrees; west > east crosses the antimeridian. */
export interface Bbox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

export interface CustomerPoint {
  id: string;
  accountNumber: string;
  name: string;
  status: CustomerStatus;
  serviceAddress: string;
  latitude: number;
  longitude: number;
}

export interface InstallationPoint {
  id: string;
  status: string;
  customerId: string;
  customerName: string;
  accountNumber: string;
  napCode: string | null;
  portNumber: number | null;
  latitude: number;
  longitude: number;
}

export interface LcpPoint {
  id: string;
  code: string;
  name: string;
  active: boolean;
  coverageRadiusM: number | null;
  latitude: number;
  longitude: number;
  feederPorts: number;
  feederPortsUsed: number;
  splitters: { id: string; code: string; ratio: number; active: boolean }[];
}

export interface SplitterPoint {
  id: string;
  code: string;
  ratio: number;
  active: boolean;
  lcpId: string;
  lcpCode: string;
  outputsUsed: number;
  latitude: number;
  longitude: number;
}

export interface NapPoint {
  id: string;
  code: string;
  name: string;
  active: boolean;
  splitterCode: string;
  lcpId: string;
  lcpCode: string;
  latitude: number;
  longitude: number;
}

/** Rows past this many per layer are left off; the caller says so and asks for a smaller box. */
export const LAYER_LIMIT = 5000;

const num = (v: unknown): number => Number(v ?? 0);

/** `AND <lat/lng columns> inside the box`, or nothing without one. */
function inBox(lat: RawBuilder<unknown>, lng: RawBuilder<unknown>, bbox: Bbox | null): RawBuilder<unknown> {
  if (!bbox) return sql``;
  const lngTest = bbox.minLng <= bbox.maxLng ? sql`${lng} BETWEEN ${bbox.minLng} AND ${bbox.maxLng}` : sql`(${lng} >= ${bbox.minLng} OR ${lng} <= ${bbox.maxLng})`;
  return sql`AND ${lat} BETWEEN ${bbox.minLat} AND ${bbox.maxLat} AND ${lngTest}`;
}

export async function findCustomerPoints(trx: TenantTx, tenantId: string, bbox: Bbox | null, limit: number): Promise<CustomerPoint[]> {
  const rows = await sql<{ id: string; account_number: string; display_name: string; status: CustomerStatus; service_address: string; latitude: number; longitude: number }>`
    SELECT c.id, c.account_number, c.display_name, c.status, c.service_address, c.latitude, c.longitude
      FROM customers c
     WHERE c.tenant_id = ${tenantId} AND c.latitude IS NOT NULL ${inBox(sql`c.latitude`, sql`c.longitude`, bbox)}
     ORDER BY c.id
     LIMIT ${limit}`.execute(trx);
  return rows.rows.map((r) => ({
    id: r.id,
    accountNumber: r.account_number,
    name: r.display_name,
    status: r.status,
    serviceAddress: r.service_address,
    latitude: Number(r.latitude),
    longitude: Number(r.longitude),
  }));
}

/** Live installations (scheduled, active, suspended), at their own location or else the customer's. */
export async function findInstallationPoints(trx: TenantTx, tenantId: string, bbox: Bbox | null, limit: number): Promise<InstallationPoint[]> {
  const lat = sql`coalesce(i.latitude, c.latitude)`;
  const lng = sql`coalesce(i.longitude, c.longitude)`;
  const rows = await sql<{ id: string; status: string; customer_id: string; display_name: string; account_number: string; nap_code: string | null; port_number: number | null; lat: number; lng: number }>`
    SELECT i.id, i.status, i.customer_id, c.display_name, c.account_number, n.code AS nap_code, p.port_number,
           ${lat} AS lat, ${lng} AS lng
      FROM installations i
      JOIN customers c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id
      LEFT JOIN nap_ports p ON p.tenant_id = i.tenant_id AND p.id = i.nap_port_id
      LEFT JOIN naps n ON n.tenant_id = p.tenant_id AND n.id = p.nap_id
     WHERE i.tenant_id = ${tenantId} AND i.status IN ('scheduled', 'active', 'suspended')
       AND ${lat} IS NOT NULL ${inBox(lat, lng, bbox)}
     ORDER BY i.id
     LIMIT ${limit}`.execute(trx);
  return rows.rows.map((r) => ({
    id: r.id,
    status: r.status,
    customerId: r.customer_id,
    customerName: r.display_name,
    accountNumber: r.account_number,
    napCode: r.nap_code,
    portNumber: r.port_number === null ? null : Number(r.port_number),
    latitude: Number(r.lat),
    longitude: Number(r.lng),
  }));
}

export async function findLcpPoints(trx: TenantTx, tenantId: string, bbox: Bbox | null, limit: number): Promise<LcpPoint[]> {
  const rows = await sql<{
    id: string;
    code: string;
    name: string;
    active: boolean;
    coverage_radius_m: number | null;
    latitude: number;
    longitude: number;
    port_count: number;
    feeders_used: unknown;
    splitters: { id: string; code: string; ratio: number; active: boolean }[] | null;
  }>`
    SELECT l.id, l.code, l.name, l.active, l.coverage_radius_m, l.latitude, l.longitude, l.port_count,
           sp.feeders_used, sp.splitters
      FROM lcps l
      LEFT JOIN (
        SELECT s.lcp_id,
               count(*) FILTER (WHERE s.active) AS feeders_used,
               json_agg(json_build_object('id', s.id, 'code', s.code, 'ratio', s.ratio, 'active', s.active) ORDER BY s.lcp_port, s.code) AS splitters
          FROM splitters s
         WHERE s.tenant_id = ${tenantId}
         GROUP BY s.lcp_id
      ) sp ON sp.lcp_id = l.id
     WHERE l.tenant_id = ${tenantId} AND l.latitude IS NOT NULL ${inBox(sql`l.latitude`, sql`l.longitude`, bbox)}
     ORDER BY l.id
     LIMIT ${limit}`.execute(trx);
  return rows.rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    active: r.active,
    coverageRadiusM: r.coverage_radius_m === null ? null : Number(r.coverage_radius_m),
    latitude: Number(r.latitude),
    longitude: Number(r.longitude),
    feederPorts: Number(r.port_count),
    feederPortsUsed: num(r.feeders_used),
    splitters: (typeof r.splitters === 'string' ? (JSON.parse(r.splitters) as LcpPoint['splitters']) : (r.splitters ?? [])).map((s) => ({ ...s, ratio: Number(s.ratio) })),
  }));
}

/** Splitters have no location of their own in the schema: they stand at their LCP's. */
export async function findSplitterPoints(trx: TenantTx, tenantId: string, bbox: Bbox | null, limit: number): Promise<SplitterPoint[]> {
  const rows = await sql<{
    id: string;
    code: string;
    ratio: number;
    active: boolean;
    lcp_id: string;
    lcp_code: string;
    latitude: number;
    longitude: number;
    outputs_used: unknown;
  }>`
    SELECT s.id, s.code, s.ratio, s.active, s.lcp_id, l.code AS lcp_code, l.latitude, l.longitude,
           (SELECT count(*) FROM naps n WHERE n.tenant_id = s.tenant_id AND n.splitter_id = s.id AND n.active) AS outputs_used
      FROM splitters s
      JOIN lcps l ON l.tenant_id = s.tenant_id AND l.id = s.lcp_id
     WHERE s.tenant_id = ${tenantId} AND l.latitude IS NOT NULL ${inBox(sql`l.latitude`, sql`l.longitude`, bbox)}
     ORDER BY s.id
     LIMIT ${limit}`.execute(trx);
  return rows.rows.map((r) => ({
    id: r.id,
    code: r.code,
    ratio: Number(r.ratio),
    active: r.active,
    lcpId: r.lcp_id,
    lcpCode: r.lcp_code,
    outputsUsed: num(r.outputs_used),
    latitude: Number(r.latitude),
    longitude: Number(r.longitude),
  }));
}

export async function findNapPoints(trx: TenantTx, tenantId: string, bbox: Bbox | null, limit: number): Promise<NapPoint[]> {
  const rows = await sql<{
    id: string;
    code: string;
    name: string;
    active: boolean;
    splitter_code: string;
    lcp_id: string;
    lcp_code: string;
    latitude: number;
    longitude: number;
  }>`
    SELECT n.id, n.code, n.name, n.active, s.code AS splitter_code, s.lcp_id, l.code AS lcp_code, n.latitude, n.longitude
      FROM naps n
      JOIN splitters s ON s.tenant_id = n.tenant_id AND s.id = n.splitter_id
      JOIN lcps l ON l.tenant_id = s.tenant_id AND l.id = s.lcp_id
     WHERE n.tenant_id = ${tenantId} AND n.latitude IS NOT NULL ${inBox(sql`n.latitude`, sql`n.longitude`, bbox)}
     ORDER BY n.id
     LIMIT ${limit}`.execute(trx);
  return rows.rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    active: r.active,
    splitterCode: r.splitter_code,
    lcpId: r.lcp_id,
    lcpCode: r.lcp_code,
    latitude: Number(r.latitude),
    longitude: Number(r.longitude),
  }));
}
