/** Map locations typed into forms or CSV files: decimal degrees, checked for range. */
import type { Problems } from './validate.ts';
import type { LocationAccuracy } from '../db/schema.ts';

export const LOCATION_ACCURACIES: readonly LocationAccuracy[] = ['exact', 'approximate', 'address', 'manual'];

export interface LatLng {
  latitude: number;
  longitude: number;
}

function coordinate(raw: unknown): number | undefined | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (text === '') return null;
  if (!/^-?\d{1,3}(\.\d{1,10})?$/.test(text)) return undefined;
  return Number(text);
}

/**
 * Reads a latitude/longitude pair. Both empty means "no location" (null); one without the
 * other, text that is not a number, or a value out of range is a problem on that field.
 */
export function parseLatLng(problems: Problems, raw: { latitude?: unknown; longitude?: unknown }, prefix = ''): LatLng | null {
  const lat = coordinate(raw.latitude);
  const lng = coordinate(raw.longitude);
  const latField = `${prefix}latitude`;
  const lngField = `${prefix}longitude`;
  let ok = true;
  if (lat === undefined || (lat !== null && (lat < -90 || lat > 90))) {
    problems.add(latField, 'range', 'Latitude must be a number from -90 to 90');
    ok = false;
  }
  if (lng === undefined || (lng !== null && (lng < -180 || lng > 180))) {
    problems.add(lngField, 'range', 'Longitude must be a number from -180 to 180');
    ok = false;
  }
  if (!ok || lat === undefined || lng === undefined) return null;
  if (lat === null && lng === null) return null;
  if (lat === null || lng === null) {
    problems.add(lat === null ? latField : lngField, 'required', 'Give both latitude and longitude, or neither');
    return null;
  }
  return { latitude: lat, longitude: lng };
}

export function parseLocationAccuracy(problems: Problems, raw: unknown, field = 'locationAccuracy'): LocationAccuracy | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw === 'string' && (LOCATION_ACCURACIES as readonly string[]).includes(raw)) return raw as LocationAccuracy;
  problems.add(field, 'enum', `Location accuracy must be one of ${LOCATION_ACCURACIES.join(', ')}`);
  return null;
}
