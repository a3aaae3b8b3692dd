/**
 * Marks a NAP drop port out of service (broken, reserved) or back in service, and edits its
 * note. A port holding an installation cannot be taken out of service: move the customer first.
 */
import { fieldError, notFound } from '../../lib/errors.ts';
import { Problems } from '../../lib/validate.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { findNapPort, holderOf, portsOfNaps, type PortCell } from './nap-ports-repository.ts';
import { readText } from './plant-input.ts';
import { findNap } from './plant-repository.ts';

export interface UpdateNapPortInput {
  napPortId: string;
  outOfService?: boolean;
  notes?: string;
}

export async function updateNapPort(ctx: TenantContext, input: UpdateNapPortInput): Promise<PortCell> {
  assertCan(ctx.actor, 'network.manage');
  const found = await findNapPort(ctx.trx, ctx.tenantId, input.napPortId);
  if (!found) throw notFound('NAP port');
  // NAP before port: the order updateNap and assertPortAvailable lock in.
  await findNap(ctx.trx, ctx.tenantId, found.napId, { forUpdate: true });
  const before = await findNapPort(ctx.trx, ctx.tenantId, input.napPortId, { forUpdate: true });
  if (!before) throw notFound('NAP port');

  const problems = new Problems();
  const notes = input.notes === undefined ? before.notes : readText(problems, 'notes', 'Notes', input.notes, 500);
  problems.throwIfAny();
  const outOfService = input.outOfService ?? before.outOfService;
  if (outOfService && !before.outOfService) {
    const holder = await holderOf(ctx.trx, ctx.tenantId, before.id);
    if (holder) {
      throw fieldError('outOfService', 'in_use', `Port ${before.portNumber} serves customer ${holder.accountNumber}; move or terminate that installation before taking the port out of service`);
    }
  }

  await ctx.trx
    .updateTable('nap_ports')
    .set({ out_of_service: outOfService, notes })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', before.id)
    .execute();
  await recordAuditEvent(ctx, {
    action: 'nap_port.updated',
    entityType: 'nap_port',
    entityId: before.id,
    before: { napId: before.napId, portNumber: before.portNumber, outOfService: before.outOfService, notes: before.notes },
    after: { napId: before.napId, portNumber: before.portNumber, outOfService, notes },
  });
  const cell = (await portsOfNaps(ctx.trx, ctx.tenantId, [before.napId])).find((p) => p.id === before.id);
  if (!cell) throw new Error('port vanished inside its own transaction');
  return cell;
}
