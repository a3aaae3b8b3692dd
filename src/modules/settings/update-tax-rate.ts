/**
 * Edits a tax rate; omitted fields stay as they are. Invoices issued from now on use the new
 * values; lines already invoiced keep the rate they were issued with. Renaming the class
 * leaves plans that name the old class untaxed until they are changed too.
 */
import { notFound } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { checkTaxClassFree, readTaxRateFields, taxRateAuditShape } from './tax-rate-input.ts';
import { findTaxRate, updateTaxRateRow, type TaxRateView } from './tax-rates-repository.ts';

export interface UpdateTaxRateInput {
  taxRateId: string;
  taxClass?: string;
  name?: string;
  /** Percent as text, up to 4 decimals. */
  rate?: string;
  inclusive?: boolean;
}

export async function updateTaxRate(ctx: TenantContext, input: UpdateTaxRateInput): Promise<TaxRateView> {
  assertCan(ctx.actor, 'settings.manage');
  const current = await findTaxRate(ctx.trx, ctx.tenantId, input.taxRateId, { forUpdate: true });
  if (!current) throw notFound('Tax rate');

  const problems = new Problems();
  const fields = readTaxRateFields(problems, {
    taxClass: input.taxClass ?? current.taxClass,
    name: input.name ?? current.name,
    rate: input.rate ?? current.rate,
    inclusive: input.inclusive ?? current.inclusive,
  });
  await checkTaxClassFree(ctx, problems, fields.taxClass, current.id);
  problems.throwIfAny();

  const before = taxRateAuditShape(current);
  const after = taxRateAuditShape(fields);
  if (JSON.stringify(before) === JSON.stringify(after)) return current;

  await updateTaxRateRow(ctx.trx, ctx.tenantId, current.id, fields, ctx.now());
  await recordAuditEvent(ctx, { action: 'tax_rate.updated', entityType: 'tax_rate', entityId: current.id, before, after });
  const updated = await findTaxRate(ctx.trx, ctx.tenantId, current.id);
  if (!updated) throw new Error('tax rate vanished after update');
  return updated;
}
