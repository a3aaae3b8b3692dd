/**
 * `seed-demo --scale N`: N more subscribers, each with an active installation (no port: the
 * demo plant has a couple of hundred) and an active service, written with set-based SQL in
 * batches. This bypasses the use cases on purpose: 100,000 subscribers through them means
 * millions of validation queries and audit rows and takes many minutes, while one INSERT ...
 * SELECT per table and batch takes seconds. The rows are shaped like real ones (account
 * numbers from the tenant counter, first status-history and plan-history rows), but they
 * have no audit entries: they are benchmark data, not anything a person did.
 */
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { takeNumbers } from '../db/counters.ts';
import { withTenant, type TenantTx } from '../db/tenancy.ts';
import { recordAuditEvent } from '../modules/audit/record-audit-event.ts';
import type { Actor } from '../modules/context.ts';
import { calendarDateIn } from '../lib/zoned-time.ts';
import { FIRST_NAMES, LAST_NAMES, PHONE_PREFIXES, STREETS } from './seed-demo-data.ts';

export const SCALE_BATCH = 5000;
const LABEL = 'seed-demo --scale';

export async function seedScale(db: Database, tenantId: string, actor: Actor, count: number, now: () => Date, onProgress?: (done: number, total: number) => void): Promise<void> {
  for (let done = 0; done < count; ) {
    const size = Math.min(SCALE_BATCH, count - done);
    await withTenant(db, tenantId, async (trx) => {
      const range = await insertBatch(trx, tenantId, size, now());
      // One entry per batch says what appeared and how, in place of one per row.
      await recordAuditEvent({ tenantId, actor, trx, now }, { action: 'seed.scale_batch', entityType: 'tenant', entityId: tenantId, after: { customers: size, ...range } });
    });
    done += size;
    onProgress?.(done, count);
  }
}

async function insertBatch(trx: TenantTx, tenantId: string, size: number, at: Date): Promise<{ fromRef: string; toRef: string }> {
  const settings = await trx.selectFrom('tenant_settings').select(['account_number_prefix', 'time_zone']).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  const today = calendarDateIn(at, settings.time_zone);
  const planIds = (await trx.selectFrom('service_plans').select('id').where('tenant_id', '=', tenantId).where('active', '=', true).orderBy('name').execute()).map((p) => p.id);
  const areaIds = (await trx.selectFrom('service_areas').select('id').where('tenant_id', '=', tenantId).where('kind', '=', 'Barangay').orderBy('name').execute()).map((a) => a.id);
  if (planIds.length === 0) throw new Error('the company has no active plan to subscribe the scale customers to');
  // Numbered after the scale rows already there, so each run adds new ones.
  const before = await trx
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('external_ref', 'like', 'scale:%')
    .executeTakeFirstOrThrow();
  const offset = Number(before.n);
  const firstNumber = await takeNumbers(trx, tenantId, 'customer_account', size);

  await sql`
    with c as (
      insert into customers (tenant_id, account_number, first_name, last_name, email, phone, service_address, area_id,
                             latitude, longitude, location_accuracy, status, status_changed_at, external_ref, created_at, updated_at)
      select ${tenantId}::uuid,
             ${settings.account_number_prefix} || lpad((${firstNumber}::bigint + g - 1)::text, 6, '0'),
             (${FIRST_NAMES}::text[])[1 + ((${offset}::int + g) * 7) % ${FIRST_NAMES.length}],
             (${LAST_NAMES}::text[])[1 + ((${offset}::int + g) * 13) % ${LAST_NAMES.length}],
             'scale' || (${offset}::int + g) || '@example.ph',
             (${PHONE_PREFIXES}::text[])[1 + (${offset}::int + g) % ${PHONE_PREFIXES.length}] || ' ' || lpad((((${offset}::int + g) * 7919) % 10000000)::text, 7, '0'),
             (1 + g % 250) || ' ' || (${STREETS}::text[])[1 + g % ${STREETS.length}],
             (${areaIds}::uuid[])[1 + g % greatest(${areaIds.length}::int, 1)],
             14.33 + ((g * 37) % 1000) / 10000.0, 120.90 + ((g * 53) % 1000) / 10000.0, 'approximate',
             'active', ${at}, 'scale:' || (${offset}::int + g), ${at}, ${at}
      from generate_series(1, ${size}::int) as g
      returning id, external_ref
    ),
    h as (
      insert into customer_status_changes (tenant_id, customer_id, from_status, to_status, effective_on, changed_at, actor_label)
      select ${tenantId}::uuid, c.id, null, 'active', ${today}::date, ${at}, ${LABEL} from c
    ),
    i as (
      insert into installations (tenant_id, customer_id, status, scheduled_on, completed_on, external_ref, created_at, updated_at)
      select ${tenantId}::uuid, c.id, 'active', ${today}::date, ${today}::date, c.external_ref, ${at}, ${at} from c
      returning id, customer_id, external_ref
    ),
    s as (
      insert into services (tenant_id, customer_id, plan_id, installation_id, billing_mode, start_on, status, external_ref, created_at, updated_at)
      select ${tenantId}::uuid, i.customer_id, (${planIds}::uuid[])[1 + abs(hashtext(i.external_ref)) % ${planIds.length}::int], i.id,
             case when abs(hashtext(i.external_ref)) % 4 = 0 then 'prepaid' else 'postpaid' end,
             ${today}::date, 'active', i.external_ref, ${at}, ${at}
      from i
      returning id, plan_id
    )
    insert into service_plan_changes (tenant_id, service_id, from_plan_id, to_plan_id, effective_on, changed_at, actor_label)
    select ${tenantId}::uuid, s.id, null, s.plan_id, ${today}::date, ${at}, ${LABEL} from s
  `.execute(trx);
  return { fromRef: `scale:${offset + 1}`, toRef: `scale:${offset + size}` };
}
