/**
 * Input rules of the CPE inventory: serial numbers and MAC addresses as people type them
 * (and as spreadsheets hold them) turned into the one form the unique indexes compare.
 */
import type { CpeKind, CpeStatus } from '../../db/schema.ts';

export const CPE_KINDS: readonly CpeKind[] = ['onu', 'router', 'ap', 'antenna', 'other'];
export const CPE_STATUSES: readonly CpeStatus[] = ['in_stock', 'installed', 'faulty', 'returned', 'retired'];

export const KIND_LABELS: Record<CpeKind, string> = { onu: 'ONU', router: 'Router', ap: 'Access point', antenna: 'Antenna', other: 'Other' };
export const STATUS_LABELS: Record<CpeStatus, string> = {
  in_stock: 'In stock',
  installed: 'Installed',
  faulty: 'Faulty',
  returned: 'Returned',
  retired: 'Retired',
};

/** Statuses staff may set by hand; 'installed' comes and goes only with an installation. */
export const MANUAL_STATUSES: readonly CpeStatus[] = ['in_stock', 'faulty', 'returned', 'retired'];

export function isCpeKind(value: unknown): value is CpeKind {
  return typeof value === 'string' && (CPE_KINDS as readonly string[]).includes(value);
}

export function isCpeStatus(value: unknown): value is CpeStatus {
  return typeof value === 'string' && (CPE_STATUSES as readonly string[]).includes(value);
}

/** Serial numbers compare upper-cased (the unique index is on upper(serial_number)). */
export function normaliseSerial(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().toUpperCase() : '';
}

export type MacResult = { ok: true; mac: string | null } | { ok: false; rule: string; message: string };

// Colon or dash pairs, Cisco dotted quads, or 12 bare hex digits.
const MAC_FORMATS = [/^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i, /^([0-9a-f]{4}\.){2}[0-9a-f]{4}$/i, /^[0-9a-f]{12}$/i];

/**
 * "aa-bb-cc-dd-ee-ff", "aabb.ccdd.eeff" and "AABBCCDDEEFF" all become "AA:BB:CC:DD:EE:FF".
 * Empty means "no MAC". A colon/dash mix is refused (it is a typo more often than not), and
 * so are the all-zero, broadcast and multicast addresses, which no device owns.
 */
export function parseMac(raw: unknown): MacResult {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return { ok: true, mac: null };
  const uniform = !(text.includes(':') && text.includes('-'));
  if (!uniform || !MAC_FORMATS.some((f) => f.test(text))) {
    return { ok: false, rule: 'format', message: 'Enter the MAC address as AA:BB:CC:DD:EE:FF (dashes, dots or bare digits also work)' };
  }
  const hex = text.replace(/[^0-9a-f]/gi, '').toUpperCase();
  const mac = hex.match(/../g)?.join(':') ?? '';
  if (/^0+$/.test(hex)) return { ok: false, rule: 'reserved', message: 'The all-zero MAC address is not a real device address' };
  if (/^F+$/.test(hex)) return { ok: false, rule: 'reserved', message: 'FF:FF:FF:FF:FF:FF is the broadcast address, not a device address' };
  // The lowest bit of the first octet marks a group (multicast) address.
  if (parseInt(hex.slice(0, 2), 16) & 1) return { ok: false, rule: 'reserved', message: 'This is a multicast MAC address; a device’s own address has an even first octet' };
  return { ok: true, mac };
}
