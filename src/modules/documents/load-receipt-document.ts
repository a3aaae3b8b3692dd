/** A receipt as issued: what it printed was stored with it (receipts.content) and is never recomputed. */
import { notFound } from '../../lib/errors.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findReceipt, loadLetterhead } from './documents-repository.ts';
import type { ReceiptDocument } from './render-receipt-pdf.ts';

export async function loadReceiptDocument(ctx: TenantContext, input: { receiptId: string }): Promise<ReceiptDocument> {
  assertCan(ctx.actor, 'billing.read');
  const receipt = await findReceipt(ctx.trx, ctx.tenantId, input.receiptId);
  if (!receipt) throw notFound('Receipt');
  const { letterhead, settings } = await loadLetterhead(ctx.trx, ctx.tenantId);
  return {
    letterhead,
    number: receipt.number,
    kind: receipt.kind,
    currency: receipt.currency,
    amountMinor: receipt.amount_minor,
    issuedOn: receipt.issued_on,
    content: receipt.content,
    void: receipt.voided_at && receipt.void_reason ? { on: calendarDateIn(receipt.voided_at, settings.timeZone), reason: receipt.void_reason } : null,
  };
}
