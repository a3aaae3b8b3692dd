/** Service plans as pages and the API see them, with how many services are on each. */
import { sql } from 'kysely';
import { isUuid, type TenantTx } from '../../db/tenancy.ts';
import type { PeriodUnit } from '../../db/schema.ts';

export interface PlanView {
  id: string;
  name: string;
  downloadMbps: number;
  uploadMbps: number;
  /** Price of one billing period in minor units of `currency`. */
  priceMinor: number;
  currency: string;
  periodUnit: PeriodUnit;
  periodCount: number;
  setupFeeMinor: number | null;
  taxClass: string;
  description: string;
  active: boolean;
  retiredAt: Date | null;
  externalRef: string | null;
  /** Services currently on the plan (any status but terminated). */
  serviceCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export function selectPlans(trx: TenantTx, tenantId: string) {
  return trx
    .selectFrom('service_plans as p')
    .select([
      'p.id',
      'p.name',
      'p.download_mbps as downloadMbps',
      'p.upload_mbps as uploadMbps',
      'p.price_minor as priceMinor',
      'p.currency',
      'p.period_unit as periodUnit',
      'p.period_count as periodCount',
      'p.setup_fee_minor as setupFeeMinor',
      'p.tax_class as taxClass',
      'p.description',
      'p.active',
      'p.retired_at as retiredAt',
      'p.external_ref as externalRef',
      'p.created_at as createdAt',
      'p.updated_at as updatedAt',
      (eb) =>
        eb
          .selectFrom('services as s')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('s.tenant_id', '=', tenantId)
          .whereRef('s.plan_id', '=', 'p.id')
          .where('s.status', '<>', 'terminated')
          .as('serviceCount'),
    ])
    .where('p.tenant_id', '=', tenantId)
    .$narrowType<{ serviceCount: number }>();
}

export async function findPlan(trx: TenantTx, tenantId: string, planId: string, options: { forUpdate?: boolean } = {}): Promise<PlanView | undefined> {
  if (!isUuid(planId)) return undefined;
  if (options.forUpdate) {
    const locked = await trx.selectFrom('service_plans').select('id').where('tenant_id', '=', tenantId).where('id', '=', planId).forUpdate().executeTakeFirst();
    if (!locked) return undefined;
  }
  return selectPlans(trx, tenantId).where('p.id', '=', planId).executeTakeFirst();
}

export async function tenantCurrency(trx: TenantTx, tenantId: string): Promise<string> {
  const row = await trx.selectFrom('tenant_settings').select('currency').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  return row.currency;
}

/** Whether another plan (other than `exceptId`) has this name, ignoring case. */
export async function planNameTaken(trx: TenantTx, tenantId: string, name: string, exceptId?: string): Promise<boolean> {
  let query = trx.selectFrom('service_plans').select('id').where('tenant_id', '=', tenantId).where(sql<boolean>`lower(name) = lower(${name})`);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function planExternalRefTaken(trx: TenantTx, tenantId: string, externalRef: string, exceptId?: string): Promise<boolean> {
  let query = trx.selectFrom('service_plans').select('id').where('tenant_id', '=', tenantId).where('external_ref', '=', externalRef);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/**
 * Every service that is or was on the plan, terminated ones and plan-change history
 * included: each of those rows points at the plan, so it can never be deleted.
 */
export async function planReferences(trx: TenantTx, tenantId: string, planId: string): Promise<{ services: number; history: number }> {
  const result = await sql<{ services: number; history: number }>`
    select
      (select count(*) from services where tenant_id = ${tenantId} and plan_id = ${planId})::int as services,
      (select count(*) from service_plan_changes where tenant_id = ${tenantId} and (from_plan_id = ${planId} or to_plan_id = ${planId}))::int as history
  `.execute(trx);
  return result.rows[0] ?? { services: 0, history: 0 };
}
