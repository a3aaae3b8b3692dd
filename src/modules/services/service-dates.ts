/** Date rules of services. */
import type { Problems } from '../../lib/validate.ts';

/** A change on a service cannot take effect before the service started. */
export function checkPastDateOrAfter(problems: Problems, field: string, label: string, date: string, startOn: string): void {
  if (date < startOn) problems.add(field, 'before_start', `${label} cannot be before the service started (${startOn})`);
}
