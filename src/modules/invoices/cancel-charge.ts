/** Drops a charge that has not been invoiced yet. An invoiced charge is corrected on its invoice. */
import { AppError, notFound } from '../../lib/errors.ts';
import { readOptionalText } from './billing-input.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { chargeAudit } from './add-charge.ts';
import { findCharge, lockCharge, setChargeCancelled, type ChargeRow } from './charges-repository.ts';

export async function cancelCharge(ctx: TenantContext, input: { chargeId: string; reason?: string | undefined }): Promise<ChargeRow> {
  assertCan(ctx.actor, 'billing.manage');
  const problems = new Problems();
  const reason = readOptionalText(problems, 'reason', 'Reason', input.reason, 500);
  problems.throwIfAny();
  const before = await lockCharge(ctx.trx, ctx.tenantId, input.chargeId);
  if (!before) throw notFound('Charge');
  if (before.status !== 'pending') {
    const where = before.status === 'invoiced' ? 'it is on an invoice; correct it there (remove the line from the draft, or issue a credit note)' : 'it is already cancelled';
    throw new AppError(409, 'charge_not_pending', `This charge cannot be cancelled: ${where}.`);
  }
  await setChargeCancelled(ctx.trx, ctx.tenantId, before.id, ctx.now());
  const after = await findCharge(ctx.trx, ctx.tenantId, before.id);
  if (!after) throw notFound('Charge');
  await recordAuditEvent(ctx, { action: 'charge.cancelled', entityType: 'charge', entityId: before.id, before: chargeAudit(before), after: { ...chargeAudit(after), reason } });
  return after;
}
