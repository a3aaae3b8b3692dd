/** A typed line added to a draft invoice; the draft's totals are summed again from its lines. */
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { loadTaxRules } from '../billing/tax-rules.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { typedLine } from './charge-lines.ts';
import { lockDraft } from './draft-invoice.ts';
import { nextLinePosition } from './invoice-queries.ts';
import { insertLines, resumDraftTotals } from './invoices-repository.ts';
import { readStaffLine, type StaffLineInput } from './staff-line.ts';

export async function addInvoiceLine(ctx: TenantContext, input: StaffLineInput & { invoiceId: string }): Promise<void> {
  assertCan(ctx.actor, 'billing.manage');
  const draft = await lockDraft(ctx, input.invoiceId);
  const problems = new Problems();
  const line = await readStaffLine(ctx, problems, '', input, draft.customer_id, draft.currency);
  problems.throwIfAny();
  if (!line) throw new Error('unreachable: checked above');
  const priced = typedLine(line, await loadTaxRules(ctx.trx, ctx.tenantId));
  await insertLines(ctx.trx, ctx.tenantId, draft.id, [priced], await nextLinePosition(ctx.trx, ctx.tenantId, draft.id));
  await resumDraftTotals(ctx.trx, ctx.tenantId, draft.id);
  await recordAuditEvent(ctx, { action: 'invoice.line_added', entityType: 'invoice', entityId: draft.id, after: { kind: priced.kind, description: priced.description, quantity: priced.quantity, unitPriceMinor: priced.unit_price_minor, totalMinor: priced.total_minor } });
}
