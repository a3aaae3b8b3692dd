/** GET /api/v1/map/features: the network map's layers as GeoJSON. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { problemResponses } from '../../http/api-schemas.ts';
import { MAP_LAYERS, listMapFeatures } from './list-map-features.ts';

const LayerSchema = Type.Union(MAP_LAYERS.map((l) => Type.Literal(l)));

const PortsSchema = 'Port figures are objects {total, used, free}; dropPorts (NAP ports, from the plant capacity rules) also has outOfService.';

const FeatureSchema = Type.Object(
  {
    type: Type.Literal('Feature'),
    id: Type.String({ format: 'uuid' }),
    geometry: Type.Object({
      type: Type.Literal('Point'),
      coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[longitude, latitude]' }),
    }),
    properties: Type.Object(
      { layer: LayerSchema },
      {
        additionalProperties: true,
        description:
          'By layer. customers: name, accountNumber, status, serviceAddress. installations: status, customerId, customerName, accountNumber, napCode, portNumber (at the installation location, else the customer\'s). ' +
          'lcps: code, name, active, coverageRadiusM, feederPorts, dropPorts, splitters [{id, code, ratio, active}]. splitters (at their LCP\'s location): code, ratio, active, lcpId, lcpCode, outputs, dropPorts. ' +
          `naps: code, name, active, splitterCode, lcpId, lcpCode, dropPorts. ${PortsSchema}`,
      },
    ),
  },
  { $id: 'MapFeature' },
);

const FeatureCollectionSchema = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(FeatureSchema),
    layers: Type.Array(LayerSchema, { description: 'The layers this answer covers' }),
    truncated: Type.Array(LayerSchema, { description: 'Layers with more than `limit` features in the box: ask again with a smaller bbox' }),
    limit: Type.Integer({ description: 'Most features returned per layer' }),
  },
  { $id: 'MapFeatureCollection', description: 'A GeoJSON FeatureCollection (RFC 7946) with three foreign members' },
);

const QuerySchema = Type.Object({
  layers: Type.Optional(
    Type.String({
      maxLength: 200,
      description: `Comma-separated, from ${MAP_LAYERS.join(', ')}. Default: every layer you may see (customers and installations need customers.read).`,
    }),
  ),
  bbox: Type.Optional(Type.String({ maxLength: 200, description: 'minLng,minLat,maxLng,maxLat; only features inside. minLng > maxLng crosses the antimeridian.' })),
});

export async function mapApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof QuerySchema> }>(
    '/api/v1/map/features',
    {
      onRequest: apiAuth('network.read'),
      schema: {
        tags: ['map'],
        summary: 'Map features: customers, installations, LCPs, splitters and NAP boxes with free ports',
        querystring: QuerySchema,
        response: { 200: FeatureCollectionSchema, ...problemResponses },
      },
    },
    async (request) => inTenant(request, (ctx) => listMapFeatures(ctx, { layers: request.query.layers, bbox: request.query.bbox })),
  );
}
