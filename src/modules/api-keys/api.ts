/**
 * /api/v1/api-keys: list, read and revoke. There is deliberately no creation endpoint: keys
 * are made by a person on the API keys page, who sees the secret once.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { apiAuth } from '../../http/authenticate.ts';
import { inTenant } from '../../http/app-context.ts';
import { IdParamsSchema, PageQuerySchema, pageOf, problemResponses } from '../../http/api-schemas.ts';
import { listApiKeys } from './list-api-keys.ts';
import { getApiKey } from './get-api-key.ts';
import { revokeApiKey } from './revoke-api-key.ts';
import type { ApiKeyRecord } from './api-keys-repository.ts';

const NOTE = 'API keys are created by staff on the API keys page of the app (the secret is shown once there); the API cannot create them.';

const ApiKeySchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    keyPrefix: Type.String({ description: 'First characters of the secret, to tell keys apart' }),
    permissions: Type.Array(Type.String()),
    createdBy: Type.Union([Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'ApiKey' },
);

function present(k: ApiKeyRecord): Static<typeof ApiKeySchema> {
  return {
    ...k,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

export async function apiKeysApi(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof PageQuerySchema> }>(
    '/api/v1/api-keys',
    {
      onRequest: apiAuth('api_keys.manage'),
      schema: {
        tags: ['api-keys'],
        summary: 'List API keys',
        description: `Newest first, revoked keys included. ${NOTE}`,
        querystring: PageQuerySchema,
        response: { 200: pageOf(ApiKeySchema), ...problemResponses },
      },
    },
    async (request) => {
      const page = await inTenant(request, (ctx) => listApiKeys(ctx, request.query));
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/api-keys/:id',
    {
      onRequest: apiAuth('api_keys.manage'),
      schema: { tags: ['api-keys'], summary: 'Get an API key', description: NOTE, params: IdParamsSchema, response: { 200: ApiKeySchema, ...problemResponses } },
    },
    async (request) => present(await inTenant(request, (ctx) => getApiKey(ctx, { id: request.params.id }))),
  );

  app.post<{ Params: Static<typeof IdParamsSchema> }>(
    '/api/v1/api-keys/:id/revoke',
    {
      onRequest: apiAuth('api_keys.manage'),
      schema: {
        tags: ['api-keys'],
        summary: 'Revoke an API key',
        description: `Takes effect immediately: the next request with the key gets 401. Revoking a revoked key returns it unchanged. ${NOTE}`,
        params: IdParamsSchema,
        response: { 200: ApiKeySchema, ...problemResponses },
      },
    },
    async (request) => present(await inTenant(request, (ctx) => revokeApiKey(ctx, { id: request.params.id }))),
  );
}
