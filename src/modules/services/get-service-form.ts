/** What the "add a service" form offers for one customer. */
import { AppError } from '../../lib/errors.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { activePlans, findServiceCustomer, findServiceSettings, openInstallationsOfCustomer } from './services-repository.ts';

export interface GetServiceFormInput {
  /** From the query string or the posted form, so it may be empty or not an id at all. */
  customerId: string;
}

export interface ServiceFormOptions {
  customer: { id: string; name: string };
  /** Installations the service can run over, labelled for a select. */
  installations: { id: string; label: string }[];
  plans: { id: string; name: string; priceMinor: number; currency: string }[];
  currency: string;
  locale: string;
}

export async function getServiceForm(ctx: TenantContext, input: GetServiceFormInput): Promise<ServiceFormOptions> {
  assertCan(ctx.actor, 'customers.read');
  const customer = await findServiceCustomer(ctx.trx, ctx.tenantId, input.customerId);
  // The form is reached from a customer's page; without one there is nothing to add a service to.
  if (!customer) throw new AppError(404, 'not_found', 'Customer not found. Open the customer and choose “Add service”.');
  const installations = await openInstallationsOfCustomer(ctx.trx, ctx.tenantId, customer.id);
  const settings = await findServiceSettings(ctx.trx, ctx.tenantId);
  return {
    customer,
    installations: installations.map((i) => ({ id: i.id, label: `${i.status} · ${i.service_address || i.scheduled_on || i.id.slice(0, 8)}` })),
    plans: await activePlans(ctx.trx, ctx.tenantId),
    currency: settings.currency,
    locale: settings.locale,
  };
}
