/**
 * When an installation ends (terminated or cancelled), the services riding on it end too:
 * a service left 'active' on a disconnected line would be billed. Each one goes through the
 * same lock, status rule, billing settlement, write and 'service.terminated' audit as
 * terminateService.
 *
 * No services.manage check here: the caller is the installation's own use case, which has
 * checked installations.manage, and ending the line necessarily ends what runs on it (a
 * technician disconnecting a customer must not leave billing running for lack of a permission).
 */
import type { TenantContext } from '../context.ts';
import { saveServiceChange, serviceFor } from './service-lifecycle.ts';
import { settleTerminatedService } from './settle-terminated-service.ts';
import type { ServiceView } from './services-repository.ts';

export interface TerminateInstallationServicesInput {
  installationId: string;
  /** The installation's end date (YYYY-MM-DD). A service that starts later ends on its start date. */
  endOn: string;
  reason: string;
}

export async function terminateInstallationServices(ctx: TenantContext, input: TerminateInstallationServicesInput): Promise<ServiceView[]> {
  const rows = await ctx.trx
    .selectFrom('services')
    .select('id')
    .where('tenant_id', '=', ctx.tenantId)
    .where('installation_id', '=', input.installationId)
    .where('status', '<>', 'terminated')
    .orderBy('id')
    .execute();
  const ended: ServiceView[] = [];
  for (const { id } of rows) {
    const before = await serviceFor(ctx, id, ['pending', 'active', 'suspended'], 'terminated');
    // end_on before start_on would be a service that ended before it began.
    const endOn = input.endOn < before.startOn ? before.startOn : input.endOn;
    const billing = await settleTerminatedService(ctx, { service: before, endOn });
    ended.push(await saveServiceChange(ctx, before, { status: 'terminated', end_on: endOn }, 'service.terminated', { reason: input.reason, installationId: input.installationId, billing }));
  }
  return ended;
}
