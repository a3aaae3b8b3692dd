/**
 * A one-off draft invoice for a customer, from lines staff type and/or the customer's
 * pending charges. The charges taken are marked invoiced (with this invoice's id) in the
 * same transaction, so the billing run cannot bill them a second time. The draft has no
 * number yet; finalize-invoice gives it one.
 */
import { AppError } from '../../lib/errors.ts';
import { isUuid } from '../../db/tenancy.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { lockCustomerAccount } from '../billing/customer-account.ts';
import { loadTaxRules } from '../billing/tax-rules.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { readCustomerId, readOptionalText } from './billing-input.ts';
import { chargeLine, typedLine } from './charge-lines.ts';
import { lockCharges, markChargesInvoiced } from './charges-repository.ts';
import { insertDraftInvoice } from './invoices-repository.ts';
import { readStaffLine, type StaffLine, type StaffLineInput } from './staff-line.ts';

export interface CreateInvoiceInput {
  customerId?: string | undefined;
  /** Typed lines, unit prices in major units. */
  lines?: StaffLineInput[] | undefined;
  /** Pending charges of this customer to put on the invoice (they come first). */
  chargeIds?: string[] | undefined;
  memo?: string | undefined;
}

const MAX_LINES = 100;

export async function createInvoice(ctx: TenantContext, input: CreateInvoiceInput): Promise<{ invoiceId: string }> {
  assertCan(ctx.actor, 'billing.manage');
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const problems = new Problems();
  const customerId = await readCustomerId(ctx, problems, input.customerId);
  const typed = input.lines ?? [];
  if (typed.length > MAX_LINES) problems.add('lines', 'max_items', `At most ${MAX_LINES} lines at once`);
  const lines: StaffLine[] = [];
  for (const [i, raw] of typed.slice(0, MAX_LINES).entries()) {
    const line = await readStaffLine(ctx, problems, `lines.${i}.`, raw, customerId, settings.currency);
    if (line) lines.push(line);
  }
  const chargeIds = [...new Set(input.chargeIds ?? [])];
  if (chargeIds.some((id) => typeof id !== 'string' || !isUuid(id))) problems.add('chargeIds', 'format', 'Charges are given by their ids');
  const memo = readOptionalText(problems, 'memo', 'Memo', input.memo, 1000);
  if (typed.length === 0 && chargeIds.length === 0) problems.add('lines', 'required', 'Add at least one line or pick a pending charge');
  problems.throwIfAny();
  if (!customerId) throw new Error('unreachable: checked above');

  await lockCustomerAccount(ctx.trx, ctx.tenantId, customerId);
  const charges = await lockCharges(ctx.trx, ctx.tenantId, chargeIds);
  const usable = charges.filter((c) => c.customer_id === customerId && c.status === 'pending');
  if (usable.length !== chargeIds.length) {
    throw new AppError(422, 'validation_failed', 'A charge picked is not a pending charge of this customer (it may have been invoiced a moment ago)', [
      { field: 'chargeIds', rule: 'not_pending', message: 'Pick only this customer’s pending charges' },
    ]);
  }

  const rules = await loadTaxRules(ctx.trx, ctx.tenantId);
  const priced = [...usable.map((c) => chargeLine(c, rules)), ...lines.map((l) => typedLine(l, rules))];
  const invoiceId = await insertDraftInvoice(
    ctx.trx,
    ctx.tenantId,
    { customerId, kind: 'one_off', serviceId: null, currency: settings.currency, periodStart: null, periodEnd: null, memo, createdByLabel: ctx.actor.label },
    priced,
  );
  const taken = await markChargesInvoiced(ctx.trx, ctx.tenantId, chargeIds, invoiceId, ctx.now());
  if (taken !== chargeIds.length) throw new Error('a locked pending charge was not marked invoiced');
  await recordAuditEvent(ctx, { action: 'invoice.created', entityType: 'invoice', entityId: invoiceId, after: { customerId, kind: 'one_off', lines: priced.length, chargeIds, memo } });
  return { invoiceId };
}
