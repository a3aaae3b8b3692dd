/**
 * Browses the audit log with filters. Dates are calendar days in the tenant's time zone,
 * inclusive at both ends: from=2026-11-01&to=2026-11-30 is all of November as staff in that
 * zone lived it.
 */
import type { TenantContext } from '../context.ts';
import { assertCan } from '../context.ts';
import { isUuid } from '../../db/tenancy.ts';
import { pageFrom } from '../../lib/cursor.ts';
import { decodeTimeIdCursor } from '../../lib/keyset-cursor.ts';
import { Problems } from '../../lib/validate.ts';
import { parseCalendarDate, startOfDay } from '../../lib/zoned-time.ts';
import { findZone } from '../settings/settings-repository.ts';
import { listAuditEventRows, type AuditEventRow, type AuditFilter } from './audit-repository.ts';
import { auditChanges, type AuditChange } from './audit-changes.ts';

/** Raw filter values as they arrive from a query string; empty means "any". */
export interface ListAuditEventsInput {
  actorId?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  /** YYYY-MM-DD in the tenant's time zone, inclusive. */
  from?: string | undefined;
  /** YYYY-MM-DD in the tenant's time zone, inclusive. */
  to?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface AuditEventView extends Omit<AuditEventRow, 'occurredKey'> {
  changes: AuditChange[];
}

export interface AuditEventsPage {
  items: AuditEventView[];
  nextCursor: string | null;
  timeZone: string;
  locale: string;
}

export async function listAuditEvents(ctx: TenantContext, input: ListAuditEventsInput): Promise<AuditEventsPage> {
  assertCan(ctx.actor, 'audit.read');
  const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const actorId = blank(input.actorId);
  const entityId = blank(input.entityId);
  const action = blank(input.action);
  const entityType = blank(input.entityType);
  const from = blank(input.from);
  const to = blank(input.to);

  const problems = new Problems();
  if (actorId && !isUuid(actorId)) problems.add('actorId', 'format', 'Actor must be a user id (uuid)');
  if (entityId && !isUuid(entityId)) problems.add('entityId', 'format', 'Entity id must be a uuid');
  if (action && action.length > 100) problems.add('action', 'max_length', 'Action must be at most 100 characters');
  if (entityType && entityType.length > 100) problems.add('entityType', 'max_length', 'Entity type must be at most 100 characters');
  if (from && !parseCalendarDate(from)) problems.add('from', 'format', 'From must be a date written YYYY-MM-DD');
  if (to && !parseCalendarDate(to)) problems.add('to', 'format', 'To must be a date written YYYY-MM-DD');
  if (from && to && parseCalendarDate(from) && parseCalendarDate(to) && from > to) problems.add('to', 'range', 'To must be on or after From');
  problems.throwIfAny();

  const cursor = decodeTimeIdCursor(input.cursor);
  const after = cursor ? { occurredKey: cursor.at, id: cursor.id } : undefined;
  const limit = input.limit ?? 50;
  const zone = await findZone(ctx.trx, ctx.tenantId);
  const filter: AuditFilter = {
    actorId,
    actionPrefix: action,
    entityType,
    entityId,
    from: from ? startOfDay(from, zone.timeZone) : undefined,
    until: to ? startOfDay(to, zone.timeZone, 1) : undefined,
  };
  const rows = await listAuditEventRows(ctx.trx, ctx.tenantId, filter, { limit, after });
  const page = pageFrom(rows, limit, (r) => [r.occurredKey, r.id]);
  return {
    items: page.items.map(({ occurredKey: _key, ...row }) => ({ ...row, changes: auditChanges(row.before, row.after) })),
    nextCursor: page.nextCursor,
    timeZone: zone.timeZone,
    locale: zone.locale,
  };
}
