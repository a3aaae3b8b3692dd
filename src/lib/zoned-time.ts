/**
 * Calendar dates and times in a tenant's time zone, with Intl only (no tz library). Staff
 * type dates as they see them on their wall calendar; the database stores instants.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Time zones accepted for a tenant: every IANA zone the runtime knows, plus UTC. */
export function isTimeZone(value: string): boolean {
  return value === 'UTC' || supportedTimeZones().includes(value);
}

let zones: string[] | undefined;
export function supportedTimeZones(): string[] {
  zones ??= Intl.supportedValuesOf('timeZone');
  return zones;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function parseCalendarDate(value: string): { year: number; month: number; day: number } | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** Milliseconds the zone's wall clock is ahead of UTC at that instant. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a calendar day begins in a time zone (local midnight, or the first moment of
 * the day where a DST change skips midnight). `dayOffset` moves whole days, so the end of a
 * half-open day range [from, to] is `startOfDay(to, tz, 1)`.
 */
export function startOfDay(date: string, timeZone: string, dayOffset = 0): Date {
  const parsed = parseCalendarDate(date);
  if (!parsed) throw new Error(`not a calendar date: ${date}`);
  const wallMidnight = Date.UTC(parsed.year, parsed.month - 1, parsed.day + dayOffset);
  const first = wallMidnight - offsetAt(wallMidnight, timeZone);
  const second = wallMidnight - offsetAt(first, timeZone);
  // Where midnight does not exist (clocks jump forward at 00:00) the two guesses differ;
  // the later one is the first real instant of the day.
  return new Date(Math.max(first, second));
}

/** "27 Nov 2026, 11:00:00" in the tenant's zone and locale. */
export function formatDateTime(instant: Date, timeZone: string, locale: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'medium' }).format(instant);
  } catch {
    return new Intl.DateTimeFormat('en', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'medium' }).format(instant) + ' UTC';
  }
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a time zone: "today" for a tenant. */
export function calendarDateIn(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
