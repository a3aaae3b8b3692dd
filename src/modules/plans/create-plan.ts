/**
 * Adds a service plan, priced in the tenant's currency. `problems` may carry what the caller
 * already found wrong (an amount on a form that is not one), so every problem is reported
 * together and nothing is written.
 */
import type { PeriodUnit } from '../../db/schema.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { checkPlanUniqueness, planAuditShape, readPlanFields } from './plan-input.ts';
import { findPlan, tenantCurrency, type PlanView } from './plans-repository.ts';

export interface CreatePlanInput {
  name: string;
  downloadMbps: number;
  uploadMbps: number;
  /** Price of one billing period, in minor units of the tenant's currency. */
  priceMinor: number;
  /** Default 'month'. */
  periodUnit?: PeriodUnit;
  /** Months (1-12) or days (1-366) in one period; default 1 month. */
  periodCount?: number;
  setupFeeMinor?: number | null;
  /** lower_snake key of a tax class; default 'standard'. */
  taxClass?: string;
  description?: string;
  externalRef?: string | null;
}

export async function createPlan(ctx: TenantContext, input: CreatePlanInput, problems = new Problems()): Promise<PlanView> {
  assertCan(ctx.actor, 'plans.manage');
  const fields = readPlanFields(problems, input);
  await checkPlanUniqueness(ctx, problems, fields);
  problems.throwIfAny();

  const currency = await tenantCurrency(ctx.trx, ctx.tenantId);
  const now = ctx.now();
  const row = await ctx.trx
    .insertInto('service_plans')
    .values({
      tenant_id: ctx.tenantId,
      name: fields.name,
      download_mbps: fields.downloadMbps,
      upload_mbps: fields.uploadMbps,
      price_minor: fields.priceMinor,
      currency,
      period_unit: fields.periodUnit,
      period_count: fields.periodCount,
      setup_fee_minor: fields.setupFeeMinor,
      tax_class: fields.taxClass,
      description: fields.description,
      external_ref: fields.externalRef,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAuditEvent(ctx, { action: 'plan.created', entityType: 'service_plan', entityId: row.id, after: planAuditShape({ ...fields, currency, active: true }) });
  const plan = await findPlan(ctx.trx, ctx.tenantId, row.id);
  if (!plan) throw new Error('plan vanished after insert');
  return plan;
}
