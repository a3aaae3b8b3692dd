/**
 * Puts one LCP, splitter or NAP back into the network. Its parent must be active, and the
 * feeder or output port it uses must still exist and be free: a replacement may have taken
 * it meanwhile. Children stay as they are; reactivate them one by one.
 */
import { conflict, notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { viewOf } from './deactivate-plant-item.ts';
import type { PlantLevel } from './plant-in-use.ts';
import { activeNapPorts, activeSplitterPorts, findLcp, findNap, findSplitter } from './plant-repository.ts';
import type { LcpView, NapView, SplitterView } from './plant-views.ts';

type ViewOf<L extends PlantLevel> = L extends 'lcp' ? LcpView : L extends 'splitter' ? SplitterView : NapView;

export async function reactivatePlantItem<L extends PlantLevel>(ctx: TenantContext, input: { level: L; id: string }): Promise<ViewOf<L>> {
  assertCan(ctx.actor, 'network.manage');
  const { trx, tenantId } = ctx;
  const now = ctx.now();
  let code: string;
  let wasActive: boolean;
  if (input.level === 'lcp') {
    const lcp = await findLcp(trx, tenantId, input.id, { forUpdate: true });
    if (!lcp) throw notFound('LCP');
    ({ code, active: wasActive } = lcp);
    if (!wasActive) await trx.updateTable('lcps').set({ active: true, updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', lcp.id).execute();
  } else if (input.level === 'splitter') {
    const found = await findSplitter(trx, tenantId, input.id);
    if (!found) throw notFound('Splitter');
    const lcp = await findLcp(trx, tenantId, found.lcpId, { forUpdate: true });
    const splitter = await findSplitter(trx, tenantId, input.id, { forUpdate: true });
    if (!lcp || !splitter) throw notFound('Splitter');
    ({ code, active: wasActive } = splitter);
    if (!wasActive) {
      if (!lcp.active) throw conflict('plant_parent_inactive', `Reactivate LCP ${lcp.code} before splitter ${splitter.code}`);
      if (splitter.lcpPort > lcp.portCount) throw conflict('plant_port_taken', `LCP ${lcp.code} no longer has port ${splitter.lcpPort}; edit the splitter's LCP port first`);
      const holder = (await activeSplitterPorts(trx, tenantId, lcp.id)).find((s) => s.lcpPort === splitter.lcpPort);
      if (holder) throw conflict('plant_port_taken', `Splitter ${holder.code} now hangs from LCP port ${splitter.lcpPort}; edit this splitter's LCP port first`);
      await trx.updateTable('splitters').set({ active: true, updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', splitter.id).execute();
    }
  } else {
    const found = await findNap(trx, tenantId, input.id);
    if (!found) throw notFound('NAP');
    const splitter = await findSplitter(trx, tenantId, found.splitterId, { forUpdate: true });
    const nap = await findNap(trx, tenantId, input.id, { forUpdate: true });
    if (!splitter || !nap) throw notFound('NAP');
    ({ code, active: wasActive } = nap);
    if (!wasActive) {
      if (!splitter.active || !splitter.lcpActive) throw conflict('plant_parent_inactive', `Reactivate splitter ${splitter.code} (LCP ${splitter.lcpCode}) before NAP ${nap.code}`);
      if (nap.splitterPort > splitter.ratio) throw conflict('plant_port_taken', `Splitter ${splitter.code} no longer has port ${nap.splitterPort}; edit the NAP's splitter port first`);
      const holder = (await activeNapPorts(trx, tenantId, splitter.id)).find((n) => n.splitterPort === nap.splitterPort);
      if (holder) throw conflict('plant_port_taken', `NAP ${holder.code} now uses splitter port ${nap.splitterPort}; edit this NAP's splitter port first`);
      await trx.updateTable('naps').set({ active: true, updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', nap.id).execute();
    }
  }
  if (!wasActive) {
    await recordAuditEvent(ctx, { action: `${input.level}.reactivated`, entityType: input.level, entityId: input.id, before: { code, active: false }, after: { code, active: true } });
  }
  return (await viewOf(ctx, input.level, input.id)) as ViewOf<L>;
}
