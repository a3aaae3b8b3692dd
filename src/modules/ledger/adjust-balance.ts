/**
 * A correction of a customer's balance that no document explains: an opening balance
 * brought from another system, a write-off agreed with the customer. Positive: the customer
 * owes more. It moves the balance only; it pays no invoice and is no credit to refund (for
 * those, issue a credit note on the invoice).
 */
import { Problems } from '../../lib/validate.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { loadBillingSettings } from '../billing/billing-settings.ts';
import { lockCustomerAccount } from '../billing/customer-account.ts';
import { appendLedgerEntry } from '../billing/ledger-repository.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { readCustomerId, readRequiredText, readSignedAmount } from '../invoices/billing-input.ts';
import { insertAdjustment } from './ledger-queries.ts';

export interface AdjustBalanceInput {
  customerId?: string | undefined;
  /** Signed, major units: "-250.00" lowers what the customer owes. */
  amount?: string | undefined;
  reason?: string | undefined;
}

export async function adjustBalance(ctx: TenantContext, input: AdjustBalanceInput): Promise<{ adjustmentId: string; customerId: string; amountMinor: number; currency: string; effectiveOn: string }> {
  assertCan(ctx.actor, 'billing.manage');
  const settings = await loadBillingSettings(ctx.trx, ctx.tenantId);
  const problems = new Problems();
  const customerId = await readCustomerId(ctx, problems, input.customerId);
  const amount = readSignedAmount(problems, 'amount', 'Amount', input.amount, settings.currency);
  const reason = readRequiredText(problems, 'reason', 'Reason', input.reason, 500);
  problems.throwIfAny();
  if (!customerId || amount === undefined) throw new Error('unreachable: checked above');

  await lockCustomerAccount(ctx.trx, ctx.tenantId, customerId);
  const effectiveOn = calendarDateIn(ctx.now(), settings.timeZone);
  const adjustment = await insertAdjustment(ctx.trx, ctx.tenantId, { customerId, amountMinor: amount, currency: settings.currency, reason, effectiveOn, actorLabel: ctx.actor.label });
  await appendLedgerEntry(ctx.trx, ctx.tenantId, {
    customerId,
    entryType: 'adjustment',
    amountMinor: amount,
    currency: settings.currency,
    effectiveOn,
    description: `Balance adjustment: ${reason}`,
    adjustmentId: adjustment.id,
  });
  await recordAuditEvent(ctx, { action: 'balance.adjusted', entityType: 'balance_adjustment', entityId: adjustment.id, after: { customerId, amountMinor: amount, reason } });
  return { adjustmentId: adjustment.id, customerId, amountMinor: amount, currency: settings.currency, effectiveOn };
}
