/**
 * Edits a plan; omitted fields stay as they are. Price and speeds may change while services
 * are on the plan: billing charges the new price from each service's next period (the
 * billing issue). The currency never changes: amounts stay in the plan's own currency.
 */
import type { PeriodUnit } from '../../db/schema.ts';
import { notFound } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { checkPlanUniqueness, planAuditShape, readPlanFields } from './plan-input.ts';
import { findPlan, type PlanView } from './plans-repository.ts';

export interface UpdatePlanInput {
  planId: string;
  name?: string;
  downloadMbps?: number;
  uploadMbps?: number;
  priceMinor?: number;
  periodUnit?: PeriodUnit;
  periodCount?: number;
  setupFeeMinor?: number | null;
  taxClass?: string;
  description?: string;
  externalRef?: string | null;
}

export async function updatePlan(ctx: TenantContext, input: UpdatePlanInput, problems = new Problems()): Promise<PlanView> {
  assertCan(ctx.actor, 'plans.manage');
  const before = await findPlan(ctx.trx, ctx.tenantId, input.planId, { forUpdate: true });
  if (!before) throw notFound('Plan');

  const pick = <K extends keyof UpdatePlanInput & keyof PlanView>(key: K) => (input[key] === undefined ? before[key] : input[key]);
  const fields = readPlanFields(problems, {
    name: pick('name'),
    downloadMbps: pick('downloadMbps'),
    uploadMbps: pick('uploadMbps'),
    priceMinor: pick('priceMinor'),
    periodUnit: pick('periodUnit'),
    // Switching between months and days without a count would carry a meaningless number over.
    periodCount: input.periodCount ?? (input.periodUnit === undefined || input.periodUnit === before.periodUnit ? before.periodCount : undefined),
    setupFeeMinor: pick('setupFeeMinor'),
    taxClass: pick('taxClass'),
    description: pick('description'),
    externalRef: pick('externalRef'),
  });
  await checkPlanUniqueness(ctx, problems, fields, before.id);
  problems.throwIfAny();

  const beforeShape = planAuditShape(before);
  const afterShape = planAuditShape({ ...fields, currency: before.currency, active: before.active });
  if (JSON.stringify(beforeShape) === JSON.stringify(afterShape)) return before;

  await ctx.trx
    .updateTable('service_plans')
    .set({
      name: fields.name,
      download_mbps: fields.downloadMbps,
      upload_mbps: fields.uploadMbps,
      price_minor: fields.priceMinor,
      period_unit: fields.periodUnit,
      period_count: fields.periodCount,
      setup_fee_minor: fields.setupFeeMinor,
      tax_class: fields.taxClass,
      description: fields.description,
      external_ref: fields.externalRef,
      updated_at: ctx.now(),
    })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', before.id)
    .execute();
  await recordAuditEvent(ctx, { action: 'plan.updated', entityType: 'service_plan', entityId: before.id, before: beforeShape, after: afterShape });
  const after = await findPlan(ctx.trx, ctx.tenantId, before.id);
  if (!after) throw new Error('plan vanished after update');
  return after;
}
