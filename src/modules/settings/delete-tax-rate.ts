/**
 * Deletes a tax rate. Only future invoices change: their lines in this class are untaxed.
 * Invoice lines store their own rate, so nothing already invoiced changes.
 */
import { notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { taxRateAuditShape } from './tax-rate-input.ts';
import { deleteTaxRateRow, findTaxRate } from './tax-rates-repository.ts';

export async function deleteTaxRate(ctx: TenantContext, input: { taxRateId: string }): Promise<void> {
  assertCan(ctx.actor, 'settings.manage');
  const rate = await findTaxRate(ctx.trx, ctx.tenantId, input.taxRateId, { forUpdate: true });
  if (!rate) throw notFound('Tax rate');
  await deleteTaxRateRow(ctx.trx, ctx.tenantId, rate.id);
  await recordAuditEvent(ctx, { action: 'tax_rate.deleted', entityType: 'tax_rate', entityId: rate.id, before: taxRateAuditShape(rate) });
}
