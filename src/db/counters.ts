/**
 * Gapless per-tenant numbers (DESIGN.md tenancy rule 8). `takeNumbers` must run inside the
 * transaction that writes the numbered documents: the counter row stays locked until that
 * transaction ends, so concurrent takers queue behind it, and a rollback returns the numbers.
 * Public ids stay UUIDs; these are only what people read and say on the phone.
 */
import { sql } from 'kysely';
import type { TenantTx } from './tenancy.ts';

const COUNTER_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** Takes `count` consecutive numbers from the named counter; returns the first. */
export async function takeNumbers(trx: TenantTx, tenantId: string, name: string, count = 1): Promise<number> {
  if (!COUNTER_NAME.test(name)) throw new Error(`counter name "${name}" must be lower_snake_case`);
  if (!Number.isSafeInteger(count) || count < 1) throw new Error('takeNumbers needs a positive whole count');
  const row = await sql<{ last_value: number }>`
    insert into tenant_counters (tenant_id, name, last_value)
    values (${tenantId}, ${name}, ${count})
    on conflict (tenant_id, name) do update set last_value = tenant_counters.last_value + ${count}
    returning last_value`.execute(trx);
  const last = row.rows[0]?.last_value;
  if (last === undefined) throw new Error('counter update returned no row');
  return last - count + 1;
}

export function takeNumber(trx: TenantTx, tenantId: string, name: string): Promise<number> {
  return takeNumbers(trx, tenantId, name, 1);
}

/** "ACC-" + 6 digits: the usual shape of a human-facing number with a tenant's prefix. */
export function formatNumber(prefix: string, value: number, digits = 6): string {
  return `${prefix}${String(value).padStart(digits, '0')}`;
}
