/**
 * Paying money back to a customer out of one source of their credit: a payment, a credit
 * note or a negative invoice (account-repository.ts listCreditSources), never more than is
 * left in it. The ledger gets refund for plus the amount: the credit leaves the account.
 */
import type { PaymentMethod } from '../../db/schema.ts';
import { minorToMajorText } from '../../lib/money.ts';
import { Problems } from '../../lib/validate.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { listCreditSources } from '../billing/account-repository.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { lockCustomerAccount } from '../billing/customer-account.ts';
import { appendLedgerEntry } from '../billing/ledger-repository.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { readAmount, readCustomerId, readOptionalText, readRequiredId, readRequiredText } from '../invoices/billing-input.ts';
import { insertRefund } from './ledger-queries.ts';

export const REFUND_METHODS: readonly PaymentMethod[] = ['cash', 'bank_transfer', 'cheque', 'gcash', 'maya', 'mpesa', 'card', 'other'];

export interface RefundCreditInput {
  customerId?: string | undefined;
  /** A payment, credit note or negative invoice of this customer with credit left. */
  sourceId?: string | undefined;
  /** Major units of the tenant currency. */
  amount?: string | undefined;
  method?: string | undefined;
  reference?: string | undefined;
  reason?: string | undefined;
}

export interface RefundResult {
  refundId: string;
  customerId: string;
  sourceKind: string;
  sourceId: string;
  amountMinor: number;
  currency: string;
  refundedOn: string;
}

export async function refundCredit(ctx: TenantContext, input: RefundCreditInput): Promise<RefundResult> {
  assertCan(ctx.actor, 'billing.manage');
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const problems = new Problems();
  const customerId = await readCustomerId(ctx, problems, input.customerId);
  const sourceId = readRequiredId(problems, 'sourceId', 'Credit to refund', input.sourceId);
  const amount = readAmount(problems, 'amount', 'Amount', input.amount, settings.currency, { positive: true });
  const method = input.method as PaymentMethod;
  if (!REFUND_METHODS.includes(method)) problems.add('method', 'enum', `Method must be one of ${REFUND_METHODS.join(', ')}`);
  const reference = readOptionalText(problems, 'reference', 'Reference', input.reference, 100);
  const reason = readRequiredText(problems, 'reason', 'Reason', input.reason, 500);
  problems.throwIfAny();
  if (!customerId || !sourceId || amount === undefined) throw new Error('unreachable: checked above');

  await lockCustomerAccount(ctx.trx, ctx.tenantId, customerId);
  const source = (await listCreditSources(ctx.trx, ctx.tenantId, customerId)).find((s) => s.id === sourceId);
  if (!source) throw new AppError(422, 'validation_failed', 'This customer has no credit left in that source', [{ field: 'sourceId', rule: 'no_credit', message: 'Pick a payment, credit note or credit invoice of this customer that has credit left' }]);
  if (amount > source.remainingMinor) {
    const left = minorToMajorText(source.remainingMinor, settings.currency);
    throw new AppError(422, 'validation_failed', `At most ${left} is left to refund from this source`, [{ field: 'amount', rule: 'max', message: `At most ${left} is left to refund from this source` }]);
  }
  const refundedOn = calendarDateIn(ctx.now(), settings.timeZone);
  const refund = await insertRefund(ctx.trx, ctx.tenantId, {
    customerId,
    source,
    amountMinor: amount,
    currency: settings.currency,
    method,
    reference,
    reason,
    refundedOn,
    actorLabel: ctx.actor.label,
  });
  await appendLedgerEntry(ctx.trx, ctx.tenantId, {
    customerId,
    entryType: 'refund',
    amountMinor: amount,
    currency: settings.currency,
    effectiveOn: refundedOn,
    description: `Refund (${method.replace('_', ' ')}${reference ? ` ${reference}` : ''}): ${reason}`,
    refundId: refund.id,
  });
  await recordAuditEvent(ctx, { action: 'refund.created', entityType: 'refund', entityId: refund.id, after: { customerId, source: source.kind, sourceId, amountMinor: amount, method, reference, reason } });
  return { refundId: refund.id, customerId, sourceKind: source.kind, sourceId, amountMinor: amount, currency: settings.currency, refundedOn };
}
