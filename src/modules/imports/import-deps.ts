/** The caller of an import route as the engine's runner (pages and API alike). */
import type { FastifyRequest } from 'fastify';
import { unauthenticated } from '../../lib/errors.ts';
import type { ImportDeps } from './run-import.ts';

export function depsOf(request: FastifyRequest): ImportDeps {
  const principal = request.principal;
  if (!principal) throw unauthenticated();
  // The label marks what an import created among the person's (or key's) own audit entries.
  const actor = { ...principal.actor, label: `${principal.actor.label} (import)` };
  return { db: request.server.db, tenantId: principal.tenantId, actor, now: request.server.clock, requestId: request.id, ip: request.ip };
}
