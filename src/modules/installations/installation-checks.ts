/**
 * Checks shared by the installation use cases. Each adds problems under the input's field
 * name instead of throwing, so a form shows every wrong field at once.
 */
import { PORT_HOLDING_STATUSES } from '../../db/schema.ts';
import { isUuid } from '../../db/tenancy.ts';
import type { Problems } from '../../lib/validate.ts';
import { calendarDateIn, parseCalendarDate } from '../../lib/zoned-time.ts';
import type { TenantContext } from '../context.ts';
import { isActiveStaff } from './installations-repository.ts';

/**
 * A port can take an installation when it exists (within its NAP's port count), is in
 * service, its NAP is active, and no live installation holds it. The port row is locked
 * first, so two staff taking the same port queue here and the second sees the first's
 * installation; the unique index installations_port_in_use backs this up.
 */
export async function checkPortFree(ctx: TenantContext, problems: Problems, napPortId: string, exceptInstallationId?: string): Promise<void> {
  if (!isUuid(napPortId)) {
    problems.add('napPortId', 'not_found', 'Pick a port of a NAP box');
    return;
  }
  const port = await ctx.trx
    .selectFrom('nap_ports as p')
    .innerJoin('naps as n', (j) => j.onRef('n.tenant_id', '=', 'p.tenant_id').onRef('n.id', '=', 'p.nap_id'))
    .select(['p.id', 'p.port_number', 'p.out_of_service', 'n.code', 'n.active', 'n.port_count'])
    .where('p.tenant_id', '=', ctx.tenantId)
    .where('p.id', '=', napPortId)
    .forUpdate('p')
    .executeTakeFirst();
  if (!port || port.port_number > port.port_count) {
    problems.add('napPortId', 'not_found', 'This port does not exist');
    return;
  }
  if (!port.active) {
    problems.add('napPortId', 'inactive', `NAP ${port.code} is deactivated; pick a port of an active NAP box`);
    return;
  }
  if (port.out_of_service) {
    problems.add('napPortId', 'out_of_service', `Port ${port.port_number} of NAP ${port.code} is out of service`);
    return;
  }
  let holder = ctx.trx
    .selectFrom('installations as i')
    .innerJoin('customers as c', (j) => j.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.customer_id'))
    .select(['i.id', 'c.display_name'])
    .where('i.tenant_id', '=', ctx.tenantId)
    .where('i.nap_port_id', '=', port.id)
    .where('i.status', 'in', [...PORT_HOLDING_STATUSES]);
  if (exceptInstallationId) holder = holder.where('i.id', '<>', exceptInstallationId);
  const taken = await holder.executeTakeFirst();
  if (taken) problems.add('napPortId', 'taken', `Port ${port.port_number} of NAP ${port.code} is already taken (${taken.display_name}). Pick another free port.`);
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
