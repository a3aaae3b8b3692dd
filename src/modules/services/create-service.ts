/** Subscribe a customer to a plan. The first service_plan_changes row records the starting plan. */
import type { BillingMode } from '../../db/schema.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { readDate, trimmedText } from '../installations/installation-checks.ts';
import { activePlan, readAdjustment } from './service-input.ts';
import { customerNotServableMessage, SERVABLE_CUSTOMER_STATUSES } from './service-lifecycle.ts';
import { findCustomerStatus, findInstallationForService, findService, insertPlanChange, insertService, serviceAudit, serviceExternalRefTaken, type ServiceView } from './services-repository.ts';

export interface CreateServiceInput {
  customerId: string;
  planId: string;
  /** Must belong to the same customer. */
  installationId?: string | null;
  billingMode: BillingMode;
  /** YYYY-MM-DD in the tenant's zone; billing anchors periods on it. */
  startOn: string;
  /**
   * 'suspended' records an existing subscription that is cut off today (moving from another
   * system): the only status a suspended or disconnected customer's new service may have.
   */
  status?: 'pending' | 'active' | 'suspended';
  priceOverrideMinor?: number | null;
  discountMinor?: number | null;
  adjustmentReason?: string;
  notes?: string;
  externalRef?: string | null;
}

/** Customers whose existing, cut-off subscription may be recorded as a suspended service. */
const RECORDABLE_SUSPENDED: readonly string[] = ['active', 'suspended', 'disconnected'];

export async function createService(ctx: TenantContext, input: CreateServiceInput): Promise<ServiceView> {
  assertCan(ctx.actor, 'services.manage');
  const problems = new Problems();
  const customer = typeof input.customerId === 'string' ? await findCustomerStatus(ctx.trx, ctx.tenantId, input.customerId) : undefined;
  const status = input.status ?? 'pending';
  if (status !== 'pending' && status !== 'active' && status !== 'suspended') problems.add('status', 'enum', 'A new service is pending, active or (moving an existing subscriber in) suspended');
  if (!customer) problems.add('customerId', 'not_found', 'Pick a customer');
  else if (status === 'suspended' ? !RECORDABLE_SUSPENDED.includes(customer.status) : !SERVABLE_CUSTOMER_STATUSES.includes(customer.status)) {
    problems.add('customerId', 'customer_status', status === 'suspended' ? `This customer is ${customer.status}; a suspended service cannot be added for them` : `${customerNotServableMessage(customer.status, 'added')} To record a subscription that is cut off, add it as suspended.`);
  }
  const plan = await activePlan(ctx, problems, input.planId);
  const installationId = input.installationId ? input.installationId : null;
  if (installationId && customer) {
    const installation = await findInstallationForService(ctx.trx, ctx.tenantId, installationId);
    if (!installation) problems.add('installationId', 'not_found', 'Pick one of this customer’s installations');
    else if (installation.customerId !== customer.id) problems.add('installationId', 'other_customer', 'This installation belongs to another customer');
    else if (installation.status === 'terminated' || installation.status === 'cancelled') problems.add('installationId', 'ended', `This installation is ${installation.status}`);
  }
  if (input.billingMode !== 'prepaid' && input.billingMode !== 'postpaid') problems.add('billingMode', 'enum', 'Billing mode is prepaid or postpaid');
  const startOn = readDate(problems, 'startOn', 'Start date', input.startOn);
  if (startOn === null && !problems.list.some((p) => p.field === 'startOn')) problems.add('startOn', 'required', 'Start date is required');
  const adjustment = readAdjustment(problems, input, plan);
  const notes = trimmedText(problems, 'notes', 'Notes', input.notes, 2000);
  const externalRef = trimmedText(problems, 'externalRef', 'External reference', input.externalRef ?? '', 100) || null;
  if (externalRef && (await serviceExternalRefTaken(ctx.trx, ctx.tenantId, externalRef))) problems.add('externalRef', 'taken', 'Another service already has this external reference');
  problems.throwIfAny();
  if (!customer || !plan || !startOn) throw new Error('unreachable: checked above');

  const now = ctx.now();
  const id = await insertService(ctx.trx, {
    tenant_id: ctx.tenantId,
    customer_id: customer.id,
    plan_id: plan.id,
    installation_id: installationId,
    billing_mode: input.billingMode,
    start_on: startOn,
    status,
    price_override_minor: adjustment.priceOverrideMinor,
    discount_minor: adjustment.discountMinor,
    adjustment_reason: adjustment.adjustmentReason,
    notes,
    external_ref: externalRef,
    created_at: now,
    updated_at: now,
  });
  await insertPlanChange(ctx.trx, ctx.tenantId, { serviceId: id, fromPlanId: null, toPlanId: plan.id, effectiveOn: startOn, reason: 'Service started', at: now, actor: ctx.actor });
  const service = await findService(ctx.trx, ctx.tenantId, id);
  if (!service) throw new Error('service vanished after insert');
  await recordAuditEvent(ctx, { action: 'service.created', entityType: 'service', entityId: id, after: serviceAudit(service) });
  return service;
}
