/**
 * What a prepaid top-up would buy right now, shared by the preview (which writes nothing)
 * and the purchase (which computes it again under the customer lock). The rule itself is
 * buyPrepaidTime (src/modules/billing/prepaid-time.ts); this file gathers its inputs.
 *
 * Money available = the payment + the customer's unspent credit - what their open invoices
 * still owe. Issuing the prepaid invoice spends credit oldest first on the oldest open
 * invoice (finalizeDraft), so older debts are settled before time is bought, and the time
 * invoice, the newest, is always paid in full.
 */
import type { BillingMode, CustomerStatus, PeriodUnit, ServiceStatus } from '../../db/schema.ts';
import { isUuid, type TenantTx } from '../../db/tenancy.ts';
import { AppError, fieldError, notFound } from '../../lib/errors.ts';
import { formatMoney } from '../../lib/money.ts';
import { listCreditSources, listOpenInvoices } from '../billing/account-repository.ts';
import type { BillingSettings } from '../billing/billing-settings.ts';
import type { TaxRule } from '../billing/line-tax.ts';
import { buyPrepaidTime, type PrepaidPurchase } from '../billing/prepaid-time.ts';
import { loadTaxRules, taxRuleFor } from '../billing/tax-rules.ts';
import type { TenantContext } from '../context.ts';
import { SERVABLE_CUSTOMER_STATUSES } from '../services/service-lifecycle.ts';
import { pricePerPeriodMinor } from '../services/service-price.ts';

export interface PrepaidService {
  id: string;
  customerId: string;
  customerName: string;
  accountNumber: string;
  customerStatus: CustomerStatus;
  status: ServiceStatus;
  billingMode: BillingMode;
  billedUntil: string | null;
  anchorDay: number | null;
  planName: string;
  planCurrency: string;
  periodUnit: PeriodUnit;
  periodCount: number;
  taxClass: string;
  /** What the subscriber pays per period (override and discount applied). */
  priceMinor: number;
  /**
   * Why it was last suspended: 'expiry' when the billing run cut it off because its time
   * ran out (audited service.expired), 'staff' when someone suspended it by hand.
   */
  lastSuspension: 'expiry' | 'staff' | null;
}

export async function findPrepaidService(trx: TenantTx, tenantId: string, serviceId: string): Promise<PrepaidService | undefined> {
  if (!isUuid(serviceId)) return undefined;
  const row = await trx
    .selectFrom('services as s')
    .innerJoin('customers as c', (j) => j.onRef('c.tenant_id', '=', 's.tenant_id').onRef('c.id', '=', 's.customer_id'))
    .innerJoin('service_plans as p', (j) => j.onRef('p.tenant_id', '=', 's.tenant_id').onRef('p.id', '=', 's.plan_id'))
    .select([
      's.id',
      's.customer_id as customerId',
      'c.display_name as customerName',
      'c.account_number as accountNumber',
      'c.status as customerStatus',
      's.status',
      's.billing_mode as billingMode',
      's.billed_until as billedUntil',
      's.anchor_day as anchorDay',
      'p.name as planName',
      'p.currency as planCurrency',
      'p.period_unit as periodUnit',
      'p.period_count as periodCount',
      'p.tax_class as taxClass',
      'p.price_minor as planPriceMinor',
      's.price_override_minor as priceOverrideMinor',
      's.discount_minor as discountMinor',
      (eb) =>
        eb
          .selectFrom('audit_events as a')
          .select('a.action')
          .whereRef('a.tenant_id', '=', 's.tenant_id')
          .where('a.entity_type', '=', 'service')
          .whereRef('a.entity_id', '=', 's.id')
          .where('a.action', 'in', ['service.expired', 'service.suspended'])
          .orderBy('a.occurred_at', 'desc')
          .orderBy('a.id', 'desc')
          .limit(1)
          .as('lastSuspensionAction'),
    ])
    .where('s.tenant_id', '=', tenantId)
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { planPriceMinor, priceOverrideMinor, discountMinor, lastSuspensionAction, ...service } = row;
  return {
    ...service,
    lastSuspension: lastSuspensionAction === 'service.expired' ? 'expiry' : lastSuspensionAction === 'service.suspended' ? 'staff' : null,
    anchorDay: service.anchorDay === null ? null : Number(service.anchorDay),
    periodCount: Number(service.periodCount),
    priceMinor: pricePerPeriodMinor({
      planPriceMinor: Number(planPriceMinor),
      priceOverrideMinor: priceOverrideMinor === null ? null : Number(priceOverrideMinor),
      discountMinor: discountMinor === null ? null : Number(discountMinor),
    }),
  };
}

export interface PrepaidQuote {
  service: PrepaidService;
  today: string;
  paymentMinor: number;
  /** Unspent credit already on the account. */
  creditMinor: number;
  /** Still owed on open invoices: paid before time is bought. */
  openDueMinor: number;
  availableMinor: number;
  tax: TaxRule;
  purchase: PrepaidPurchase;
  /**
   * The service was suspended because its time ran out, and this top-up turns it back on.
   * One suspended by hand (abuse, the customer's request) stays off: staff resume it.
   */
  reactivates: boolean;
}

/** The service, if it can take a top-up at all (404 / 409 otherwise). */
export async function prepaidServiceFor(ctx: TenantContext, serviceId: string, settings: BillingSettings): Promise<PrepaidService> {
  const service = await findPrepaidService(ctx.trx, ctx.tenantId, serviceId);
  if (!service) throw notFound('Service');
  if (service.billingMode !== 'prepaid') throw new AppError(409, 'service_not_prepaid', 'This service is billed postpaid; take a payment against its invoices instead.');
  if (service.status === 'terminated' || service.status === 'pending') {
    throw new AppError(409, 'service_status', `This service is ${service.status}; prepaid time can be bought for active or suspended services.`);
  }
  if (service.planCurrency !== settings.currency) {
    throw new AppError(409, 'currency_mismatch', `The plan is priced in ${service.planCurrency} but the company bills in ${settings.currency}.`);
  }
  if (service.priceMinor <= 0) throw new AppError(409, 'service_free', 'This service costs nothing per period, so there is no time to buy.');
  return service;
}

export async function quotePrepaidTime(ctx: TenantContext, settings: BillingSettings, service: PrepaidService, paymentMinor: number, today: string): Promise<PrepaidQuote> {
  const credit = await listCreditSources(ctx.trx, ctx.tenantId, service.customerId);
  const open = await listOpenInvoices(ctx.trx, ctx.tenantId, service.customerId);
  const rules = await loadTaxRules(ctx.trx, ctx.tenantId);
  const creditMinor = credit.reduce((sum, s) => sum + s.remainingMinor, 0);
  const openDueMinor = open.reduce((sum, i) => sum + Math.max(0, i.dueMinor), 0);
  const availableMinor = Math.max(0, paymentMinor + creditMinor - openDueMinor);
  const tax = taxRuleFor(rules, service.taxClass);
  const purchase = buyPrepaidTime({
    today,
    paidUntil: service.billedUntil,
    anchorDay: service.anchorDay,
    plan: { unit: service.periodUnit, count: service.periodCount },
    priceMinor: service.priceMinor,
    tax,
    amountMinor: availableMinor,
  });
  if (!purchase) {
    const owes = openDueMinor > 0 ? ` after the ${formatMoney(openDueMinor, settings.currency, settings.locale)} still owed on open invoices` : '';
    throw fieldError('amount', 'too_small', `This is not enough for one day of ${service.planName}${owes}.`);
  }
  const lapsed = service.billedUntil === null || service.billedUntil <= today;
  const reactivates = service.status === 'suspended' && service.lastSuspension === 'expiry' && lapsed && SERVABLE_CUSTOMER_STATUSES.includes(service.customerStatus);
  return { service, today, paymentMinor, creditMinor, openDueMinor, availableMinor, tax, purchase, reactivates };
}
