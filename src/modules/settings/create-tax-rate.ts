/**
 * Adds a tax rate for a tax class. Plans and charges that name the class are taxed at it on
 * invoices issued from now on; nothing already invoiced changes.
 */
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { checkTaxClassFree, readTaxRateFields, taxRateAuditShape } from './tax-rate-input.ts';
import { findTaxRate, insertTaxRate, type TaxRateView } from './tax-rates-repository.ts';

export interface CreateTaxRateInput {
  /** lower_snake key plans and charges name, unique in the tenant. */
  taxClass: string;
  /** Printed on invoice lines, 1-60 characters, e.g. "VAT 12%". */
  name: string;
  /** Percent as text, up to 4 decimals: "12", "7.5". */
  rate: string;
  /** True when prices already contain the tax. */
  inclusive: boolean;
}

export async function createTaxRate(ctx: TenantContext, input: CreateTaxRateInput): Promise<TaxRateView> {
  assertCan(ctx.actor, 'settings.manage');
  const problems = new Problems();
  const fields = readTaxRateFields(problems, input);
  await checkTaxClassFree(ctx, problems, fields.taxClass);
  problems.throwIfAny();

  const id = await insertTaxRate(ctx.trx, ctx.tenantId, fields, ctx.now());
  await recordAuditEvent(ctx, { action: 'tax_rate.created', entityType: 'tax_rate', entityId: id, after: taxRateAuditShape(fields) });
  const rate = await findTaxRate(ctx.trx, ctx.tenantId, id);
  if (!rate) throw new Error('tax rate vanished after insert');
  return rate;
}
