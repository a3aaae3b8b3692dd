/**
 * Before billing a date, the run moves services to the plans scheduled for them (a
 * downgrade at the end of the period), so the period that starts on the change is billed
 * at the new plan. Set-based: one statement records the history, switches the plans and
 * settles the schedule, and writes one audit event per service.
 */
import { sql } from 'kysely';
import type { TenantContext } from '../context.ts';

export async function applyScheduledPlanChanges(ctx: TenantContext, billOn: string): Promise<number> {
  const result = await sql<{ applied: number }>`
    with due as (
      select c.id, c.service_id, c.to_plan_id, c.effective_on, c.reason, s.plan_id as from_plan_id
        from scheduled_plan_changes c
        join services s on s.tenant_id = c.tenant_id and s.id = c.service_id
       where c.tenant_id = ${ctx.tenantId} and c.status = 'scheduled' and c.effective_on <= ${billOn}::date
         and s.status in ('pending', 'active', 'suspended')
       for update of c, s
    ), history as (
      insert into service_plan_changes (tenant_id, service_id, from_plan_id, to_plan_id, effective_on, reason, changed_at, actor_label)
      select ${ctx.tenantId}, service_id, from_plan_id, to_plan_id, effective_on, reason, ${ctx.now()}, 'billing run (scheduled change)'
        from due
    ), switched as (
      update services s set plan_id = due.to_plan_id, updated_at = now()
        from due where s.tenant_id = ${ctx.tenantId} and s.id = due.service_id
    ), audited as (
      insert into audit_events (tenant_id, occurred_at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after)
      select ${ctx.tenantId}, ${ctx.now()}, ${ctx.actor.type}, ${ctx.actor.id}, ${ctx.actor.label}, 'service.plan_changed', 'service', service_id,
             jsonb_build_object('planId', from_plan_id), jsonb_build_object('planId', to_plan_id, 'effectiveOn', effective_on, 'scheduled', true)
        from due
    ), settled as (
      update scheduled_plan_changes c set status = 'applied', settled_at = now()
        from due where c.tenant_id = ${ctx.tenantId} and c.id = due.id
    )
    select count(*)::int as applied from due`.execute(ctx.trx);
  return result.rows[0]?.applied ?? 0;
}
