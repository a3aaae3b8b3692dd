/**
 * The OpenAPI 3.1 document is generated from the same TypeBox schemas that validate requests.
 * Only /api/v1 routes appear in it. Interactive docs at /api/docs are served from the
 * swagger-ui package's own files, so nothing loads from the internet.
 */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lastmile API',
        version: '1.0.0',
        description:
          'Billing and subscriber management for ISPs. Authenticate with `Authorization: Bearer <API key>`; errors are RFC 9457 problem+json; lists use cursor pagination (`limit`, `cursor`, `nextCursor`).',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A per-tenant API key (lm_...)' } },
      },
      security: [{ apiKey: [] }],
    },
    // Components are named after each shared schema's $id (Customer, Lcp, ...) so generated
    // clients get readable type names; the plugin's default is def-0, def-1, ...
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' && /^[A-Za-z][\w.-]*$/.test(json.$id) ? json.$id : `def-${i}`),
    },
    transform: ({ schema, url, route }) => {
      const hidden = !url.startsWith('/api/v1') || url === '/api/v1/openapi.json';
      return { schema: hidden ? { ...schema, hide: true } : schema, url, route };
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { url: '/api/v1/openapi.json', deepLinking: true },
    staticCSP: true,
    transformSpecificationClone: true,
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
