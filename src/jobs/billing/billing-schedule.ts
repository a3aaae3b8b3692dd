/**
 * When a company's nightly billing run is due: once its local clock has passed its billing
 * hour (tenant_settings.billing_run_hour, in its own time zone), for its local today. The
 * hourly fan-out asks this for every company, so a company in Manila and one in Nairobi
 * are each billed after their own midnight, not at one UTC hour.
 */
import { calendarDateIn } from '../../lib/zoned-time.ts';

export function localHour(instant: Date, timeZone: string): number {
  const hour = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit' }).format(instant);
  return Number(hour);
}

/** The billing date to run for now, or null while it is still before the billing hour locally. */
export function billingDateDue(now: Date, timeZone: string, runHour: number): string | null {
  return localHour(now, timeZone) >= runHour ? calendarDateIn(now, timeZone) : null;
}
