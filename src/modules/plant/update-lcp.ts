/**
 * Edits an LCP. Fields left out stay as they are. The feeder port count cannot drop below a
 * port an active splitter hangs from: that splitter would be left on a port that no longer exists.
 */
import { uniqueViolationField } from '../../http/problem.ts';
import { notFound, validationError } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { givenFields, lcpAsInput, readLcpInput, type LcpInput } from './lcp-fields.ts';
import { listNumbers } from './plant-input.ts';
import { activeSplitterPorts, findLcp } from './plant-repository.ts';
import { lcpAudit, lcpView, type LcpView } from './plant-views.ts';

export type UpdateLcpInput = { lcpId: string } & Partial<LcpInput>;

export async function updateLcp(ctx: TenantContext, input: UpdateLcpInput): Promise<LcpView> {
  assertCan(ctx.actor, 'network.manage');
  const { lcpId, ...changes } = input;
  const before = await findLcp(ctx.trx, ctx.tenantId, lcpId, { forUpdate: true });
  if (!before) throw notFound('LCP');

  const problems = new Problems();
  const values = await readLcpInput(ctx.trx, ctx.tenantId, problems, { ...lcpAsInput(before), ...givenFields(changes) }, before.id);
  if (values && values.port_count < before.portCount) {
    const beyond = (await activeSplitterPorts(ctx.trx, ctx.tenantId, before.id)).filter((s) => s.lcpPort > values.port_count);
    if (beyond.length > 0) {
      problems.add(
        'portCount',
        'in_use',
        `Port count cannot go below ${Math.max(...beyond.map((s) => s.lcpPort))}: port ${listNumbers(beyond.map((s) => `${s.lcpPort} (splitter ${s.code})`))} ${beyond.length === 1 ? 'is' : 'are'} in use`,
      );
    }
  }
  problems.throwIfAny();
  if (!values) throw new Error('LCP input passed without values');

  await ctx.trx
    .updateTable('lcps')
    .set({ ...values, updated_at: ctx.now() })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', before.id)
    .execute()
    .catch((err: unknown) => {
      const field = uniqueViolationField(err);
      throw field ? validationError([field]) : err;
    });
  const after = await lcpView(ctx.trx, ctx.tenantId, before.id);
  await recordAuditEvent(ctx, { action: 'lcp.updated', entityType: 'lcp', entityId: before.id, before: lcpAudit(before), after: lcpAudit(after) });
  return after;
}
