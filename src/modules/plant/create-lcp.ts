/**
 * Adds an LCP (local convergence point: the street cabinet splitters hang from). The code is
 * unique in the tenant; the location and coverage radius put it on the network map.
 */
import { uniqueViolationField } from '../../http/problem.ts';
import { validationError } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { readLcpInput, type LcpInput } from './lcp-fields.ts';
import { lcpAudit, lcpView, type LcpView } from './plant-views.ts';

export type CreateLcpInput = LcpInput;

export async function createLcp(ctx: TenantContext, input: CreateLcpInput): Promise<LcpView> {
  assertCan(ctx.actor, 'network.manage');
  const problems = new Problems();
  const values = await readLcpInput(ctx.trx, ctx.tenantId, problems, input);
  problems.throwIfAny();
  if (!values) throw new Error('LCP input passed without values');

  const now = ctx.now();
  const row = await ctx.trx
    .insertInto('lcps')
    .values({ tenant_id: ctx.tenantId, ...values, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((err: unknown) => {
      const field = uniqueViolationField(err);
      throw field ? validationError([field]) : err;
    });
  const view = await lcpView(ctx.trx, ctx.tenantId, row.id);
  await recordAuditEvent(ctx, { action: 'lcp.created', entityType: 'lcp', entityId: view.id, before: null, after: lcpAudit(view) });
  return view;
}
