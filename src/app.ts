/**
 * Builds the Fastify app: external plugins, then the app's own HTTP plumbing, then the
 * domain modules. Building does no I/O of its own; the caller opens the database.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Mailer } from './modules/mail/mailer.ts';
import { registerErrorHandling } from './http/problem.ts';
import { registerAuthentication } from './http/authenticate.ts';
import { registerCsrf } from './http/csrf.ts';
import { registerInputGuard } from './http/input-guard.ts';
import { registerOpenApi } from './http/openapi.ts';
import { assetRoutes } from './http/assets.ts';
import { healthRoutes } from './http/health.ts';
import { MODULES } from './modules/index.ts';
import './http/app-context.ts';

export interface RouteCatalogEntry {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeCatalog: RouteCatalogEntry[];
  }
}

export interface AppDeps {
  config: Config;
  db: Database;
  mailer: Mailer;
  clock?: () => Date;
  /** Tests pass false to keep output quiet. */
  logger?: boolean | object;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? { level: deps.config.logLevel },
    trustProxy: deps.config.trustProxy,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', deps.db);
  app.decorate('config', deps.config);
  app.decorate('clock', deps.clock ?? (() => new Date()));
  app.decorate('mailer', deps.mailer);
  // Every route's method and url as registered, so the isolation route matrix
  // (test/isolation/route-matrix.test.ts) can walk all of them, including ones added later.
  const routeCatalog: RouteCatalogEntry[] = [];
  app.decorate('routeCatalog', routeCatalog);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeCatalog.push({ method, url: route.url });
  });

  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(cookie);
  await app.register(formbody);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Map tiles come from a tile server each tenant chooses (docs/SECURITY.md, "Maps").
        imgSrc: ["'self'", 'data:', 'https:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: deps.config.secureCookies,
  });

  registerErrorHandling(app);
  registerInputGuard(app);
  registerAuthentication(app);
  registerCsrf(app);
  await registerOpenApi(app);

  await app.register(assetRoutes);
  await app.register(healthRoutes);
  for (const module of MODULES) await app.register(module);
  return app;
}
