/**
 * Edits a splitter (code, ratio, feeder port, notes). The ratio cannot drop below an output
 * port an active NAP is fed from, and a new feeder port must be free on the same LCP.
 */
import { uniqueViolationField } from '../../http/problem.ts';
import { notFound, validationError } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { givenFields } from './lcp-fields.ts';
import { listNumbers } from './plant-input.ts';
import { activeNapPorts, findLcp, findSplitter } from './plant-repository.ts';
import { splitterAudit, splitterView, type SplitterView } from './plant-views.ts';
import { readSplitterInput, type SplitterFields } from './splitter-fields.ts';

export type UpdateSplitterInput = { splitterId: string } & Partial<SplitterFields>;

export async function updateSplitter(ctx: TenantContext, input: UpdateSplitterInput): Promise<SplitterView> {
  assertCan(ctx.actor, 'network.manage');
  const { splitterId, ...changes } = input;
  const found = await findSplitter(ctx.trx, ctx.tenantId, splitterId);
  if (!found) throw notFound('Splitter');
  // Parent before child, the order every plant write takes its locks in (no deadlocks); the
  // LCP lock also queues this behind other changes to the same cabinet's ports.
  const lcp = await findLcp(ctx.trx, ctx.tenantId, found.lcpId, { forUpdate: true });
  const before = await findSplitter(ctx.trx, ctx.tenantId, splitterId, { forUpdate: true });
  if (!lcp || !before) throw notFound('Splitter');

  const problems = new Problems();
  const current: SplitterFields = { code: before.code, ratio: before.ratio, lcpPort: before.lcpPort, notes: before.notes, externalRef: before.externalRef };
  const values = await readSplitterInput(ctx.trx, ctx.tenantId, problems, lcp, { ...current, ...givenFields(changes) }, before);
  if (values && values.ratio < before.ratio) {
    const beyond = (await activeNapPorts(ctx.trx, ctx.tenantId, before.id)).filter((n) => n.splitterPort > values.ratio);
    if (beyond.length > 0) {
      problems.add(
        'ratio',
        'in_use',
        `Ratio cannot go below 1:${Math.max(...beyond.map((n) => n.splitterPort))}: output port ${listNumbers(beyond.map((n) => `${n.splitterPort} (NAP ${n.code})`))} ${beyond.length === 1 ? 'is' : 'are'} in use`,
      );
    }
  }
  problems.throwIfAny();
  if (!values) throw new Error('splitter input passed without values');

  await ctx.trx
    .updateTable('splitters')
    .set({ ...values, updated_at: ctx.now() })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', before.id)
    .execute()
    .catch((err: unknown) => {
      const field = uniqueViolationField(err);
      throw field ? validationError([field]) : err;
    });
  const after = await splitterView(ctx.trx, ctx.tenantId, before.id);
  await recordAuditEvent(ctx, { action: 'splitter.updated', entityType: 'splitter', entityId: before.id, before: splitterAudit(before), after: splitterAudit(after) });
  return after;
}
