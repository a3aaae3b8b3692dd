/** The technician finished: the installation goes active, its CPE stays installed, a lead becomes an active customer. */
import { Problems } from '../../lib/validate.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { recordCustomerStatusChange } from '../customers/record-customer-status-change.ts';
import { checkPastDate, readDate, tenantToday } from './installation-checks.ts';
import { installationFor, saveInstallationChange } from './installation-lifecycle.ts';
import { findCustomerForInstallation, type InstallationView } from './installations-repository.ts';

export interface CompleteInstallationInput {
  installationId: string;
  /** YYYY-MM-DD in the tenant's zone; defaults to today. */
  completedOn?: string | null;
}

export async function completeInstallation(ctx: TenantContext, input: CompleteInstallationInput): Promise<InstallationView> {
  assertCan(ctx.actor, 'installations.manage');
  const before = await installationFor(ctx, input.installationId, ['scheduled'], 'completed');
  const problems = new Problems();
  const today = await tenantToday(ctx);
  const completedOn = readDate(problems, 'completedOn', 'Completion date', input.completedOn) ?? today;
  checkPastDate(problems, 'completedOn', 'Completion date', completedOn, today);
  problems.throwIfAny();
  const after = await saveInstallationChange(ctx, before, { status: 'active', completed_on: completedOn }, 'installation.completed');
  const customer = await findCustomerForInstallation(ctx.trx, ctx.tenantId, before.customerId);
  if (customer?.status === 'lead') {
    await recordCustomerStatusChange(ctx, { customerId: customer.id, toStatus: 'active', reason: 'Installation completed', effectiveOn: completedOn });
  }
  return after;
}
