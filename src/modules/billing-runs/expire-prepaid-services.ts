/**
 * Prepaid services whose paid time has run out by the billing date are suspended (and the
 * suspension audited). Buying time later re-activates them without anyone changing the
 * status by hand (src/modules/payments). A prepaid service that was never paid for
 * (billed_until NULL) is left alone: it has not started to run out.
 */
import { sql } from 'kysely';
import type { TenantContext } from '../context.ts';

export async function expirePrepaidServices(ctx: TenantContext, billOn: string): Promise<number> {
  const result = await sql<{ expired: number }>`
    with lapsed as (
      update services s set status = 'suspended', updated_at = now()
       where s.tenant_id = ${ctx.tenantId} and s.billing_mode = 'prepaid' and s.status = 'active'
         and s.billed_until is not null and s.billed_until <= ${billOn}::date
      returning s.id, s.billed_until
    ), audited as (
      insert into audit_events (tenant_id, occurred_at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after)
      select ${ctx.tenantId}, ${ctx.now()}, ${ctx.actor.type}, ${ctx.actor.id}, ${ctx.actor.label}, 'service.expired', 'service', id,
             jsonb_build_object('status', 'active'), jsonb_build_object('status', 'suspended', 'paidUntil', billed_until)
        from lapsed
    )
    select count(*)::int as expired from lapsed`.execute(ctx.trx);
  return result.rows[0]?.expired ?? 0;
}

/** What expiry would do on a date, for the dry run. */
export async function listPrepaidExpiring(ctx: TenantContext, billOn: string): Promise<{ id: string; customerId: string; paidUntil: string }[]> {
  const result = await sql<{ id: string; customer_id: string; billed_until: string }>`
    select id, customer_id, billed_until from services
     where tenant_id = ${ctx.tenantId} and billing_mode = 'prepaid' and status = 'active'
       and billed_until is not null and billed_until <= ${billOn}::date
     order by billed_until, id limit 1000`.execute(ctx.trx);
  return result.rows.map((r) => ({ id: r.id, customerId: r.customer_id, paidUntil: r.billed_until }));
}
