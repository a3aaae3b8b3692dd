/**
 * Everything about one subscriber in one place, for the customer page: details, status
 * history, services, installations with their port and plant path, the CPE at them, and the
 * newest audit entries about all of these.
 */
import { notFound } from '../../lib/errors.ts';
import { auditChanges, type AuditChange } from '../audit/audit-changes.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { assertCan, type TenantContext } from '../context.ts';
import {
  listCustomerAuditEntries,
  listCustomerInstallations,
  listCustomerServices,
  listDevicesAt,
  type CustomerAuditEntry,
  type CustomerDeviceView,
  type CustomerInstallationView,
  type CustomerServiceView,
} from './customer-overview-repository.ts';
import { findCustomer, findCustomerSettings, listStatusChanges, type CustomerSettings, type CustomerView, type StatusChangeView } from './customers-repository.ts';

export const OVERVIEW_AUDIT_LIMIT = 50;

export interface CustomerOverview {
  customer: CustomerView;
  statusHistory: StatusChangeView[];
  services: CustomerServiceView[];
  installations: CustomerInstallationView[];
  devices: CustomerDeviceView[];
  audit: (CustomerAuditEntry & { changes: AuditChange[] })[];
  settings: CustomerSettings;
  /** YYYY-MM-DD in the tenant's time zone, for the status form's default. */
  today: string;
}

export async function getCustomerOverview(ctx: TenantContext, input: { customerId: string }): Promise<CustomerOverview> {
  assertCan(ctx.actor, 'customers.read');
  const customer = await findCustomer(ctx.trx, ctx.tenantId, input.customerId);
  if (!customer) throw notFound('Customer');
  // One transaction is one connection: these run one after another either way.
  const statusHistory = await listStatusChanges(ctx.trx, ctx.tenantId, customer.id);
  const services = await listCustomerServices(ctx.trx, ctx.tenantId, customer.id);
  const installations = await listCustomerInstallations(ctx.trx, ctx.tenantId, customer.id);
  const settings = await findCustomerSettings(ctx.trx, ctx.tenantId);
  const installationIds = installations.map((i) => i.id);
  const devices = await listDevicesAt(ctx.trx, ctx.tenantId, installationIds);
  // Entries about the customer's own records only; what they hold is what customers.read
  // shows on this page anyway (no IPs, no other entities).
  const audit = await listCustomerAuditEntries(
    ctx.trx,
    ctx.tenantId,
    [
      { type: 'customer', ids: [customer.id] },
      { type: 'service', ids: services.map((s) => s.id) },
      { type: 'installation', ids: installationIds },
    ],
    OVERVIEW_AUDIT_LIMIT,
  );
  return {
    customer,
    statusHistory,
    services,
    installations,
    devices,
    audit: audit.map((e) => ({ ...e, changes: auditChanges(e.before, e.after) })),
    settings,
    today: calendarDateIn(ctx.now(), settings.timeZone),
  };
}
