/** Reading installations: a page of them, one with its CPE, and what the form offers. */
import { notFound } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { devicesAtInstallation, type DeviceView } from '../devices/devices-repository.ts';
import { activeStaff, findInstallation, listInstallations, type InstallationListQuery, type InstallationView } from './installations-repository.ts';

export async function listInstallationsFor(ctx: TenantContext, query: InstallationListQuery): Promise<{ items: InstallationView[]; nextCursor: string | null }> {
  assertCan(ctx.actor, 'customers.read');
  return listInstallations(ctx.trx, ctx.tenantId, query);
}

export async function getInstallation(ctx: TenantContext, input: { installationId: string }): Promise<{ installation: InstallationView; devices: DeviceView[] }> {
  assertCan(ctx.actor, 'customers.read');
  const installation = await findInstallation(ctx.trx, ctx.tenantId, input.installationId);
  if (!installation) throw notFound('Installation');
  return { installation, devices: await devicesAtInstallation(ctx.trx, ctx.tenantId, installation.id) };
}

/** Staff who can be sent out: every active member of the team. */
export async function listTechnicians(ctx: TenantContext): Promise<{ id: string; name: string }[]> {
  assertCan(ctx.actor, 'customers.read');
  return activeStaff(ctx.trx, ctx.tenantId);
}
