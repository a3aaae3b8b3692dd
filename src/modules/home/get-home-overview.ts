/**
 * What the staff home page shows: a first-run checklist built from the tenant's own data,
 * and once every step is done, a short summary of subscribers and free drop ports.
 */
import type { CustomerStatus } from '../../db/schema.ts';
import type { Permission } from '../roles/permissions.ts';
import { can, type TenantContext } from '../context.ts';
import { lcpCapacities } from '../plant/plant-capacity.ts';
import { countCustomersByStatus, countSetupItems, type SetupCounts } from './home-repository.ts';

export type SetupStepKey = 'areas' | 'plans' | 'plant' | 'customer' | 'installation' | 'service';

export interface SetupStep {
  key: SetupStepKey;
  title: string;
  /** What the step asks for and where it stands, from the counts. */
  detail: string;
  done: boolean;
  /** Where the step is done; null when the viewer lacks the permission to do it. */
  href: string | null;
}

export interface HomeOverview {
  steps: SetupStep[];
  setupDone: boolean;
  /** Null until setup is done, or when the viewer may not see subscribers. */
  customersByStatus: Partial<Record<CustomerStatus, number>> | null;
  /** Null until setup is done, or when the viewer may not see the plant. */
  freePorts: number | null;
  /** The CSV import page, when the viewer may run imports. */
  importHref: string | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function stepsFrom(counts: SetupCounts, ctx: TenantContext): SetupStep[] {
  const link = (permission: Permission, href: string) => (can(ctx.actor, permission) ? href : null);
  return [
    {
      key: 'areas',
      title: 'Add your service areas',
      detail: counts.areas > 0 ? `${plural(counts.areas, 'area')} so far.` : 'The places you serve, e.g. province > city > barangay.',
      done: counts.areas > 0,
      href: link('areas.manage', '/app/areas'),
    },
    {
      key: 'plans',
      title: 'Create your service plans',
      detail: counts.plans > 0 ? `${plural(counts.plans, 'plan')} so far.` : 'Speeds and monthly prices you sell.',
      done: counts.plans > 0,
      href: link('plans.manage', '/app/plans/new'),
    },
    {
      key: 'plant',
      title: 'Draw your fiber plant',
      detail: `An LCP with a splitter and a NAP box: ${plural(counts.lcps, 'LCP')}, ${plural(counts.splitters, 'splitter')}, ${plural(counts.naps, 'NAP box', 'NAP boxes')} so far.`,
      // A NAP hangs from a splitter, which hangs from an LCP, so one NAP means a whole branch.
      done: counts.naps > 0,
      href: link('network.manage', counts.lcps === 0 ? '/app/network/lcps/new' : '/app/network/lcps'),
    },
    {
      key: 'customer',
      title: 'Add your first customer',
      detail: counts.customers > 0 ? `${plural(counts.customers, 'customer')} so far.` : 'A subscriber, or a lead you are about to connect.',
      done: counts.customers > 0,
      href: link('customers.manage', '/app/customers/new'),
    },
    {
      key: 'installation',
      title: 'Record your first installation',
      detail: counts.installations > 0 ? `${plural(counts.installations, 'installation')} so far.` : 'Connect a customer to a free NAP port.',
      done: counts.installations > 0,
      href: link('installations.manage', '/app/installations/new'),
    },
    {
      key: 'service',
      title: 'Start your first service',
      detail: counts.services > 0 ? `${plural(counts.services, 'service')} so far.` : 'Subscribe a customer to a plan.',
      done: counts.services > 0,
      href: link('services.manage', '/app/services/new'),
    },
  ];
}

export async function getHomeOverview(ctx: TenantContext): Promise<HomeOverview> {
  const steps = stepsFrom(await countSetupItems(ctx.trx, ctx.tenantId), ctx);
  const setupDone = steps.every((s) => s.done);
  let customersByStatus: HomeOverview['customersByStatus'] = null;
  let freePorts: number | null = null;
  if (setupDone && can(ctx.actor, 'customers.read')) customersByStatus = await countCustomersByStatus(ctx.trx, ctx.tenantId);
  if (setupDone && can(ctx.actor, 'network.read')) {
    freePorts = [...(await lcpCapacities(ctx.trx, ctx.tenantId, 'all')).values()].reduce((sum, c) => sum + c.free, 0);
  }
  return { steps, setupDone, customersByStatus, freePorts, importHref: can(ctx.actor, 'imports.run') ? '/app/imports' : null };
}
