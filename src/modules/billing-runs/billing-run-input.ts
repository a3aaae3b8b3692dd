/** The billing date staff type for a run or a preview: a real calendar date, or nothing for the default. */
import { fieldError } from '../../lib/errors.ts';
import { parseCalendarDate } from '../../lib/zoned-time.ts';

export function readBillingDate(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !parseCalendarDate(value.trim())) throw fieldError('date', 'date', 'Billing date must be a calendar date written YYYY-MM-DD');
  return value.trim();
}
