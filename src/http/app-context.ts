/** What every route can reach through `app`: the database, configuration, clock and mailer. */
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenancy.ts';
import type { Mailer } from '../modules/mail/mailer.ts';
import type { TenantContext } from '../modules/context.ts';
import { unauthenticated } from '../lib/errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    config: Config;
    clock: () => Date;
    mailer: Mailer;
  }
}

/**
 * Runs one use case for the authenticated caller inside its tenant transaction, with the
 * context (actor, tenant, transaction, request id, IP, clock) every use case takes first.
 */
export function inTenant<T>(request: FastifyRequest, fn: (ctx: TenantContext) => Promise<T>): Promise<T> {
  const principal = request.principal;
  if (!principal) throw unauthenticated();
  const app = request.server;
  return withTenant(
    app.db,
    principal.tenantId,
    (trx) =>
      fn({
        tenantId: principal.tenantId,
        actor: principal.actor,
        trx,
        requestId: request.id,
        ip: request.ip,
        now: app.clock,
      }),
    { requestId: request.id },
  );
}
