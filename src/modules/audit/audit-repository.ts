/** Reads the append-only audit log, newest first, with keyset pagination. */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import type { ActorType } from '../../db/schema.ts';

export interface AuditFilter {
  actorId?: string | undefined;
  /** Matches actions starting with this text ("user." matches "user.invited"). */
  actionPrefix?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  /** Half-open: occurred_at >= from and < until. */
  from?: Date | undefined;
  until?: Date | undefined;
}

export interface AuditEventRow {
  id: string;
  occurredAt: Date;
  /** occurred_at as PostgreSQL prints it: microsecond-exact, for the cursor. */
  occurredKey: string;
  actorType: ActorType;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
}

export async function listAuditEventRows(
  trx: TenantTx,
  tenantId: string,
  filter: AuditFilter,
  page: { limit: number; after?: { occurredKey: string; id: string } | undefined },
): Promise<AuditEventRow[]> {
  let query = trx
    .selectFrom('audit_events')
    .select([
      'id',
      'occurred_at as occurredAt',
      sql<string>`occurred_at::text`.as('occurredKey'),
      'actor_type as actorType',
      'actor_id as actorId',
      'actor_label as actorLabel',
      'action',
      'entity_type as entityType',
      'entity_id as entityId',
      'before',
      'after',
      'ip',
      'request_id as requestId',
    ])
    .where('tenant_id', '=', tenantId);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.actionPrefix) query = query.where('action', 'like', `${escapeLike(filter.actionPrefix)}%`);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.from) query = query.where('occurred_at', '>=', filter.from);
  if (filter.until) query = query.where('occurred_at', '<', filter.until);
  if (page.after) query = query.where(sql<boolean>`(occurred_at, id) < (${page.after.occurredKey}::timestamptz, ${page.after.id}::uuid)`);
  return (await query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute()) as AuditEventRow[];
}

/** LIKE treats % and _ as wildcards and \ as the escape; a prefix is matched literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Staff of the tenant, for the actor filter. */
export async function listActorChoices(trx: TenantTx, tenantId: string): Promise<{ id: string; name: string; email: string }[]> {
  return trx.selectFrom('users').select(['id', 'name', 'email']).where('tenant_id', '=', tenantId).orderBy('name').orderBy('id').execute();
}
