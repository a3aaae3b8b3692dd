/** GET /api/v1/network/tree: LCP > splitter > NAP > port > customer with capacity at every level. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { problemResponses } from '../../http/api-schemas.ts';
import { getNetworkTree, TREE_PORT_LIMIT } from './get-network-tree.ts';
import { CapacitySchema, PortSchema, presentCapacity, presentPort } from './plant-api-schemas.ts';

const TreeNapSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  splitterPort: Type.Integer(),
  portCount: Type.Integer(),
  active: Type.Boolean(),
  capacity: CapacitySchema,
  ports: Type.Union([Type.Array(PortSchema), Type.Null()], { description: 'null when portsOmitted' }),
});
const TreeSplitterSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  ratio: Type.Integer(),
  lcpPort: Type.Integer(),
  active: Type.Boolean(),
  capacity: CapacitySchema,
  naps: Type.Array(TreeNapSchema),
});
const TreeLcpSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  areaId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  areaName: Type.Union([Type.String(), Type.Null()]),
  portCount: Type.Integer(),
  active: Type.Boolean(),
  capacity: CapacitySchema,
  splitters: Type.Array(TreeSplitterSchema),
});
const TreeSchema = Type.Object(
  {
    lcps: Type.Array(TreeLcpSchema),
    capacity: CapacitySchema,
    portsOmitted: Type.Boolean({ description: `true when the selection has more than ${TREE_PORT_LIMIT} ports: ask for one LCP (lcpId) to get them` }),
  },
  { $id: 'NetworkTree', description: 'The FTTH plant as a tree, with drop-port capacity at every level' },
);

const QuerySchema = Type.Object({
  lcpId: Type.Optional(Type.String({ format: 'uuid' })),
  areaId: Type.Optional(Type.String({ format: 'uuid' })),
  activeOnly: Type.Optional(Type.Boolean({ default: false })),
});

export async function networkApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof QuerySchema> }>(
    '/api/v1/network/tree',
    {
      onRequest: apiAuth('network.read'),
      schema: { tags: ['network'], summary: 'The network tree with capacity', querystring: QuerySchema, response: { 200: TreeSchema, ...problemResponses } },
    },
    async (request) => {
      const tree = await inTenant(request, (ctx) => getNetworkTree(ctx, request.query));
      return {
        capacity: presentCapacity(tree.capacity),
        portsOmitted: tree.portsOmitted,
        lcps: tree.lcps.map((l) => ({
          ...l,
          capacity: presentCapacity(l.capacity),
          splitters: l.splitters.map((s) => ({
            ...s,
            capacity: presentCapacity(s.capacity),
            naps: s.naps.map((n) => ({ ...n, capacity: presentCapacity(n.capacity), ports: n.ports ? n.ports.map(presentPort) : null })),
          })),
        })),
      };
    },
  );
}
