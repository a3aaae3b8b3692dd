/** Change a service's price override, discount, their reason, billing mode and notes (omitted fields stay). */
import type { BillingMode } from '../../db/schema.ts';
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { trimmedText } from '../installations/installation-checks.ts';
import { readAdjustment } from './service-input.ts';
import { saveServiceChange, serviceFor } from './service-lifecycle.ts';
import { findPlan, type ServiceView } from './services-repository.ts';

export interface UpdateServiceInput {
  serviceId: string;
  priceOverrideMinor?: number | null;
  discountMinor?: number | null;
  adjustmentReason?: string;
  billingMode?: BillingMode;
  notes?: string;
}

export async function updateService(ctx: TenantContext, input: UpdateServiceInput): Promise<ServiceView> {
  assertCan(ctx.actor, 'services.manage');
  const before = await serviceFor(ctx, input.serviceId, ['pending', 'active', 'suspended'], 'edited');
  const problems = new Problems();
  const plan = await findPlan(ctx.trx, ctx.tenantId, before.planId);
  // Omitted fields keep their value; null or '' clears them.
  const adjustment = readAdjustment(
    problems,
    {
      priceOverrideMinor: input.priceOverrideMinor === undefined ? before.priceOverrideMinor : input.priceOverrideMinor,
      discountMinor: input.discountMinor === undefined ? before.discountMinor : input.discountMinor,
      adjustmentReason: input.adjustmentReason ?? before.adjustmentReason,
    },
    plan,
  );
  const billingMode = input.billingMode ?? before.billingMode;
  if (billingMode !== 'prepaid' && billingMode !== 'postpaid') problems.add('billingMode', 'enum', 'Billing mode is prepaid or postpaid');
  const notes = input.notes === undefined ? before.notes : trimmedText(problems, 'notes', 'Notes', input.notes, 2000);
  problems.throwIfAny();
  return saveServiceChange(
    ctx,
    before,
    {
      price_override_minor: adjustment.priceOverrideMinor,
      discount_minor: adjustment.discountMinor,
      adjustment_reason: adjustment.adjustmentReason,
      billing_mode: billingMode,
      notes,
    },
    'service.updated',
  );
}
