/** Reading services: a page of them, one with its plan history, and what the forms offer. */
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { activePlans, findService, listServices, planChanges, type PlanChangeView, type ServiceListQuery, type ServiceView } from './services-repository.ts';

export async function listServicesFor(ctx: TenantContext, query: ServiceListQuery): Promise<{ items: ServiceView[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'customers.read');
  return listServices(ctx.trx, ctx.tenantId, query);
}

export async function getService(ctx: TenantContext, input: { serviceId: string }): Promise<{ service: ServiceView; planHistory: PlanChangeView[] }> {
  assertCan(ctx.actor, 'customers.read');
  const service = await findService(ctx.trx, ctx.tenantId, input.serviceId);
  if (!service) throw notFound('Service');
  return { service, planHistory: await planChanges(ctx.trx, ctx.tenantId, service.id) };
}

export async function listActivePlans(ctx: TenantContext) {
  assertCan(ctx.actor, 'customers.read');
  return activePlans(ctx.trx, ctx.tenantId);
}
