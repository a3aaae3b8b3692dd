/**
 * Edits a NAP box. Growing the port count adds drop ports; shrinking removes the highest
 * ones, and is refused (422 on portCount, naming the ports) while any of them holds an
 * installation in a port-holding status.
 */
import { uniqueViolationField } from '../../http/problem.ts';
import { notFound, validationError } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { givenFields } from './lcp-fields.ts';
import { readNapInput, type NapFields } from './nap-fields.ts';
import { heldPortsAbove, resizePorts } from './nap-ports-repository.ts';
import { listNumbers } from './plant-input.ts';
import { findNap } from './plant-repository.ts';
import { napAudit, napView, type NapView } from './plant-views.ts';

export type UpdateNapInput = { napId: string } & Partial<NapFields>;

export async function updateNap(ctx: TenantContext, input: UpdateNapInput): Promise<NapView> {
  assertCan(ctx.actor, 'network.manage');
  const { napId, ...changes } = input;
  // The NAP row lock also waits for (and then blocks) installations taking one of its ports.
  const before = await findNap(ctx.trx, ctx.tenantId, napId, { forUpdate: true });
  if (!before) throw notFound('NAP');

  const problems = new Problems();
  const current: NapFields = {
    code: before.code,
    name: before.name,
    splitterPort: before.splitterPort,
    portCount: before.portCount,
    address: before.address,
    latitude: before.latitude,
    longitude: before.longitude,
    notes: before.notes,
    externalRef: before.externalRef,
  };
  const splitter = { id: before.splitterId, code: before.splitterCode, ratio: before.splitterRatio };
  const values = await readNapInput(ctx.trx, ctx.tenantId, problems, splitter, { ...current, ...givenFields(changes) }, before);
  if (values && values.port_count < before.portCount) {
    const held = await heldPortsAbove(ctx.trx, ctx.tenantId, before.id, values.port_count);
    if (held.length > 0) {
      const ports = [...new Set(held.map((h) => h.portNumber))];
      problems.add(
        'portCount',
        'in_use',
        `Port count cannot go below ${Math.max(...ports)}: port${ports.length === 1 ? '' : 's'} ${listNumbers(ports)} ${ports.length === 1 ? 'is' : 'are'} taken (${held.map((h) => h.accountNumber).join(', ')})`,
      );
    }
  }
  problems.throwIfAny();
  if (!values) throw new Error('NAP input passed without values');

  await ctx.trx
    .updateTable('naps')
    .set({ ...values, updated_at: ctx.now() })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', before.id)
    .execute()
    .catch((err: unknown) => {
      const field = uniqueViolationField(err);
      throw field ? validationError([field]) : err;
    });
  if (values.port_count !== before.portCount) await resizePorts(ctx.trx, ctx.tenantId, before.id, values.port_count);
  const after = await napView(ctx.trx, ctx.tenantId, before.id);
  await recordAuditEvent(ctx, { action: 'nap.updated', entityType: 'nap', entityId: before.id, before: napAudit(before), after: napAudit(after) });
  return after;
}
