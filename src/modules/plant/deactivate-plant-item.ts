/**
 * Takes an LCP, splitter or NAP out of the network. Refused (409 plant_in_use) while any
 * installation in a port-holding status sits on a port beneath it, naming how many and the
 * first customers. Otherwise an LCP or splitter takes everything beneath it down too, and
 * the audit entry lists what went with it. Reactivation is one item at a time.
 */
import { notFound } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { liveInstallationsUnder, plantInUse, type PlantLevel } from './plant-in-use.ts';
import { findLcp, findNap, findSplitter } from './plant-repository.ts';
import { lcpView, napView, splitterView, type LcpView, type NapView, type SplitterView } from './plant-views.ts';

export type DeactivatePlantItemInput = { level: 'lcp'; id: string } | { level: 'splitter'; id: string } | { level: 'nap'; id: string };

type ViewOf<L extends PlantLevel> = L extends 'lcp' ? LcpView : L extends 'splitter' ? SplitterView : NapView;

export async function deactivatePlantItem<L extends PlantLevel>(ctx: TenantContext, input: { level: L; id: string }): Promise<ViewOf<L>> {
  assertCan(ctx.actor, 'network.manage');
  const item = await lockItem(ctx, input.level, input.id);
  if (item.active) {
    // The lock above waits for any installation taking a port beneath (it holds the chain
    // FOR SHARE), so this count includes everything committed before us.
    const live = await liveInstallationsUnder(ctx.trx, ctx.tenantId, input.level, item.id);
    if (live.installations > 0) throw plantInUse(input.level, item.code, live);
    const cascaded = await deactivate(ctx, input.level, item.id);
    await recordAuditEvent(ctx, {
      action: `${input.level}.deactivated`,
      entityType: input.level,
      entityId: item.id,
      before: { code: item.code, active: true },
      after: { code: item.code, active: false, ...(cascaded.splitters.length + cascaded.naps.length > 0 ? { alsoDeactivated: cascaded } : {}) },
    });
  }
  return (await viewOf(ctx, input.level, item.id)) as ViewOf<L>;
}

/** Locks the item, parent first (the order every plant write takes). */
async function lockItem(ctx: TenantContext, level: PlantLevel, id: string): Promise<{ id: string; code: string; active: boolean }> {
  const { trx, tenantId } = ctx;
  if (level === 'lcp') {
    const lcp = await findLcp(trx, tenantId, id, { forUpdate: true });
    if (!lcp) throw notFound('LCP');
    return lcp;
  }
  if (level === 'splitter') {
    const found = await findSplitter(trx, tenantId, id);
    if (!found) throw notFound('Splitter');
    await findLcp(trx, tenantId, found.lcpId, { forUpdate: true });
    const splitter = await findSplitter(trx, tenantId, id, { forUpdate: true });
    if (!splitter) throw notFound('Splitter');
    return splitter;
  }
  const found = await findNap(trx, tenantId, id);
  if (!found) throw notFound('NAP');
  await findSplitter(trx, tenantId, found.splitterId, { forUpdate: true });
  const nap = await findNap(trx, tenantId, id, { forUpdate: true });
  if (!nap) throw notFound('NAP');
  return nap;
}

async function deactivate(ctx: TenantContext, level: PlantLevel, id: string): Promise<{ splitters: string[]; naps: string[] }> {
  const { trx, tenantId } = ctx;
  const now = ctx.now();
  const cascaded = { splitters: [] as string[], naps: [] as string[] };
  if (level === 'lcp') {
    await trx.updateTable('lcps').set({ active: false, updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    const splitters = await trx
      .updateTable('splitters')
      .set({ active: false, updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('lcp_id', '=', id)
      .where('active', '=', true)
      .returning('code')
      .execute();
    cascaded.splitters = splitters.map((s) => s.code).sort();
  }
  if (level === 'splitter') {
    await trx.updateTable('splitters').set({ active: false, updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  }
  if (level === 'lcp' || level === 'splitter') {
    const underSplitters = trx
      .selectFrom('splitters')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where(level === 'lcp' ? 'lcp_id' : 'id', '=', id);
    const naps = await trx
      .updateTable('naps')
      .set({ active: false, updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('splitter_id', 'in', underSplitters)
      .where('active', '=', true)
      .returning('code')
      .execute();
    cascaded.naps = naps.map((n) => n.code).sort();
  }
  if (level === 'nap') {
    await trx.updateTable('naps').set({ active: false, updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  }
  return cascaded;
}

export function viewOf(ctx: TenantContext, level: PlantLevel, id: string): Promise<LcpView | SplitterView | NapView> {
  if (level === 'lcp') return lcpView(ctx.trx, ctx.tenantId, id);
  if (level === 'splitter') return splitterView(ctx.trx, ctx.tenantId, id);
  return napView(ctx.trx, ctx.tenantId, id);
}
