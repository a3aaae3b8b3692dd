/** Hangs a splitter from a free feeder port of an active LCP. */
import { uniqueViolationField } from '../../http/problem.ts';
import { validationError } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { readRequiredId } from './plant-input.ts';
import { findLcp } from './plant-repository.ts';
import { splitterAudit, splitterView, type SplitterView } from './plant-views.ts';
import { readSplitterInput, type SplitterFields } from './splitter-fields.ts';

const NO_LCP = { id: '00000000-0000-0000-0000-000000000000', code: '', portCount: 256 };

export type CreateSplitterInput = { lcpId: string } & SplitterFields;

export async function createSplitter(ctx: TenantContext, input: CreateSplitterInput): Promise<SplitterView> {
  assertCan(ctx.actor, 'network.manage');
  const problems = new Problems();
  const lcpId = readRequiredId(problems, 'lcpId', 'LCP', input.lcpId);
  // Locking the LCP queues concurrent additions to it, so two cannot both take one free port.
  const lcp = lcpId ? await findLcp(ctx.trx, ctx.tenantId, lcpId, { forUpdate: true }) : undefined;
  if (lcpId && !lcp) problems.add('lcpId', 'not_found', 'This LCP does not exist');
  if (lcp && !lcp.active) problems.add('lcpId', 'inactive', `LCP ${lcp.code} is deactivated; reactivate it before adding splitters`);
  // Without a usable LCP the other fields are still checked, so a form shows every problem at once.
  const values = await readSplitterInput(ctx.trx, ctx.tenantId, problems, lcp ?? NO_LCP, input);
  problems.throwIfAny();
  if (!values || !lcp) throw new Error('splitter input passed without values');

  const now = ctx.now();
  const row = await ctx.trx
    .insertInto('splitters')
    .values({ tenant_id: ctx.tenantId, lcp_id: lcp.id, ...values, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((err: unknown) => {
      const field = uniqueViolationField(err);
      throw field ? validationError([field]) : err;
    });
  const view = await splitterView(ctx.trx, ctx.tenantId, row.id);
  await recordAuditEvent(ctx, { action: 'splitter.created', entityType: 'splitter', entityId: view.id, before: null, after: splitterAudit(view) });
  return view;
}
