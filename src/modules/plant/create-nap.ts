/** Adds a NAP box on a free output port of an active splitter, with its drop ports 1..portCount. */
import { uniqueViolationField } from '../../http/problem.ts';
import { validationError } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { readNapInput, type NapFields } from './nap-fields.ts';
import { readRequiredId } from './plant-input.ts';
import { findSplitter } from './plant-repository.ts';
import { napAudit, napView, type NapView } from './plant-views.ts';

const NO_SPLITTER = { id: '00000000-0000-0000-0000-000000000000', code: '', ratio: 64 } as const;

export type CreateNapInput = { splitterId: string } & NapFields;

export async function createNap(ctx: TenantContext, input: CreateNapInput): Promise<NapView> {
  assertCan(ctx.actor, 'network.manage');
  const problems = new Problems();
  const splitterId = readRequiredId(problems, 'splitterId', 'Splitter', input.splitterId);
  // Locking the splitter queues concurrent additions to it, so two cannot both take one output port.
  const splitter = splitterId ? await findSplitter(ctx.trx, ctx.tenantId, splitterId, { forUpdate: true }) : undefined;
  if (splitterId && !splitter) problems.add('splitterId', 'not_found', 'This splitter does not exist');
  if (splitter && !(splitter.active && splitter.lcpActive)) {
    problems.add('splitterId', 'inactive', `Splitter ${splitter.code} (LCP ${splitter.lcpCode}) is deactivated; reactivate it before adding NAPs`);
  }
  // Without a usable splitter the other fields are still checked, so a form shows every problem at once.
  const values = await readNapInput(ctx.trx, ctx.tenantId, problems, splitter ?? NO_SPLITTER, input);
  problems.throwIfAny();
  if (!values || !splitter) throw new Error('NAP input passed without values');

  const now = ctx.now();
  const row = await ctx.trx
    .insertInto('naps')
    .values({ tenant_id: ctx.tenantId, splitter_id: splitter.id, ...values, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((err: unknown) => {
      const field = uniqueViolationField(err);
      throw field ? validationError([field]) : err;
    });
  await ctx.trx
    .insertInto('nap_ports')
    .values(Array.from({ length: values.port_count }, (_, i) => ({ tenant_id: ctx.tenantId, nap_id: row.id, port_number: i + 1 })))
    .execute();
  const view = await napView(ctx.trx, ctx.tenantId, row.id);
  await recordAuditEvent(ctx, { action: 'nap.created', entityType: 'nap', entityId: view.id, before: null, after: napAudit(view) });
  return view;
}
