/**
 * A one-off charge (installation, equipment, late fee, ...) for a customer, optionally tied
 * to one of their services. It waits as pending until an invoice takes it: the billing run's
 * next recurring invoice for the customer, or a one-off invoice staff create (create-invoice).
 */
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { readCustomerId } from './billing-input.ts';
import { insertCharge, type ChargeRow } from './charges-repository.ts';
import { readStaffLine, type StaffLineInput } from './staff-line.ts';

export interface AddChargeInput extends StaffLineInput {
  customerId?: string | undefined;
}

export async function addCharge(ctx: TenantContext, input: AddChargeInput): Promise<ChargeRow> {
  assertCan(ctx.actor, 'billing.manage');
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const problems = new Problems();
  const customerId = await readCustomerId(ctx, problems, input.customerId);
  const line = await readStaffLine(ctx, problems, '', input, customerId, settings.currency);
  problems.throwIfAny();
  if (!customerId || !line) throw new Error('unreachable: checked above');

  const charge = await insertCharge(ctx.trx, ctx.tenantId, { customerId, ...line, createdByLabel: ctx.actor.label, createdAt: ctx.now() });
  await recordAuditEvent(ctx, { action: 'charge.added', entityType: 'charge', entityId: charge.id, after: chargeAudit(charge) });
  return charge;
}

export function chargeAudit(c: ChargeRow): Record<string, unknown> {
  return {
    customerId: c.customer_id,
    serviceId: c.service_id,
    kind: c.kind,
    description: c.description,
    quantity: c.quantity,
    unitPriceMinor: c.unit_price_minor,
    taxClass: c.tax_class,
    status: c.status,
    invoiceId: c.invoice_id,
  };
}
