/**
 * Checks shared by the installation use cases. Each adds problems under the input's field
 * name instead of throwing, so a form shows every wrong field at once.
 */
import { AppError } from '../../lib/errors.ts';
import type { Problems } from '../../lib/validate.ts';
import { calendarDateIn, parseCalendarDate } from '../../lib/zoned-time.ts';
import type { TenantContext } from '../context.ts';
import { assertPortAvailable } from '../plant/assert-port-available.ts';
import { isActiveStaff } from './installations-repository.ts';

/**
 * The port must be free: plant's assertPortAvailable locks the chain and the port row, so
 * two staff taking the same port queue there and the second sees the first's installation
 * (the unique index installations_port_in_use backs this up). Its 422 joins the other
 * field problems so the form shows them all at once.
 */
export async function checkPortFree(ctx: TenantContext, problems: Problems, napPortId: string, exceptInstallationId?: string): Promise<void> {
  try {
    await assertPortAvailable(ctx, napPortId, exceptInstallationId ? { exceptInstallationId } : {});
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 422) throw err;
    for (const f of err.fields) problems.add(f.field, f.rule, f.message);
  }
}

/** The technician must be an active staff member of this company. */
export async function checkTechnician(ctx: TenantContext, problems: Problems, technicianId: string): Promise<void> {
  if (!(await isActiveStaff(ctx.trx, ctx.tenantId, technicianId))) problems.add('technicianId', 'not_found', 'Pick an active member of your team as technician');
}

/** An optional YYYY-MM-DD; empty or missing is null. */
export function readDate(problems: Problems, field: string, label: string, raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string' || !parseCalendarDate(raw.trim())) {
    problems.add(field, 'format', `${label} must be a date written YYYY-MM-DD`);
    return null;
  }
  return raw.trim();
}

export async function tenantTimeZone(ctx: TenantContext): Promise<string> {
  const row = await ctx.trx.selectFrom('tenant_settings').select('time_zone').where('tenant_id', '=', ctx.tenantId).executeTakeFirstOrThrow();
  return row.time_zone;
}

/** The tenant's calendar date now. */
export async function tenantToday(ctx: TenantContext): Promise<string> {
  return calendarDateIn(ctx.now(), await tenantTimeZone(ctx));
}

/** A completion or end date: defaults to today, never in the future, never before `notBefore`. */
export function checkPastDate(problems: Problems, field: string, label: string, date: string, today: string, notBefore?: { date: string | null; label: string }): void {
  if (date > today) problems.add(field, 'future', `${label} cannot be in the future`);
  else if (notBefore?.date && date < notBefore.date) problems.add(field, 'before', `${label} cannot be before ${notBefore.label} (${notBefore.date})`);
}

export function trimmedText(problems: Problems, field: string, label: string, raw: unknown, max: number): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text.length > max) problems.add(field, 'max_length', `${label} must be at most ${max} characters`);
  return text;
}
