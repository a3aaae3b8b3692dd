/** /app/network: the network tree, filtered by LCP, area and active state. */
import type { FastifyInstance } from 'fastify';
import { staffPage } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import type { StaffPrincipal } from '../../http/principal.ts';
import { renderPage } from '../../http/render.tsx';
import { isUuid } from '../../db/tenancy.ts';
import { listAreaOptions } from '../areas/area-options.ts';
import { can } from '../context.ts';
import { getNetworkTree } from './get-network-tree.ts';
import { text } from './plant-widgets.tsx';
import { listLcpChoices } from './read-plant.ts';
import { NetworkTreePage } from './tree-view.tsx';

const uuidParam = (value: unknown) => {
  const t = text(value);
  return t && isUuid(t) ? t : undefined;
};

export async function treePages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Record<string, unknown> }>('/app/network', { schema: { hide: true }, onRequest: staffPage('network.read') }, async (request, reply) => {
    const principal = request.principal as StaffPrincipal;
    const filters = { lcpId: uuidParam(request.query.lcpId), areaId: uuidParam(request.query.areaId), activeOnly: text(request.query.activeOnly) === 'true' };
    const data = await inTenant(request, async (ctx) => ({
      tree: await getNetworkTree(ctx, filters),
      lcps: await listLcpChoices(ctx),
      areas: await listAreaOptions(ctx),
    }));
    return renderPage(
      reply,
      <NetworkTreePage principal={principal} tree={data.tree} filters={filters} lcps={data.lcps} areas={data.areas} canManage={can(principal.actor, 'network.manage')} />,
    );
  });
}
