/**
 * Everything billing reads from the tenant's settings, in one query: currency and zone,
 * the billing day policy, terms, document numbering and wording, and the company details
 * printed on documents. Edited in the settings module (update-billing-settings.ts).
 */
import type { TenantTx } from '../../db/tenancy.ts';
import type { CancellationCredit, PlanChangeBilling, ReceiptKind } from '../../db/schema.ts';
import { notFound } from '../../lib/errors.ts';
import type { BillingPolicy } from './service-periods.ts';

export interface CompanyDetails {
  /** The legal name when set, else the tenant's name. */
  name: string;
  address: string;
  taxId: string;
  phone: string;
  email: string;
}

export interface BillingSettings {
  /** ISO 4217; amounts are integers in its minor unit. */
  currency: string;
  timeZone: string;
  locale: string;
  policy: BillingPolicy;
  /** Days from the issue date to the due date. */
  paymentTermsDays: number;
  invoicePrefix: string;
  receiptPrefix: string;
  creditNotePrefix: string;
  /** Zero-padded width of document numbers (6: INV-000042). */
  numberDigits: number;
  receiptKind: ReceiptKind;
  planChangeBilling: PlanChangeBilling;
  cancellationCredit: CancellationCredit;
  /** Local hour (tenant time zone) of the nightly run. */
  billingRunHour: number;
  company: CompanyDetails;
}

export async function loadBillingSettings(trx: TenantTx, tenantId: string): Promise<BillingSettings> {
  const row = await trx
    .selectFrom('tenant_settings as s')
    .innerJoin('tenants as t', 't.id', 's.tenant_id')
    .select([
      't.name as tenant_name',
      's.legal_name',
      's.address',
      's.tax_id',
      's.phone',
      's.email',
      's.currency',
      's.time_zone',
      's.locale',
      's.billing_day_policy',
      's.billing_day',
      's.payment_terms_days',
      's.invoice_prefix',
      's.receipt_prefix',
      's.credit_note_prefix',
      's.document_number_digits',
      's.receipt_kind',
      's.plan_change_billing',
      's.cancellation_credit',
      's.billing_run_hour',
    ])
    .where('s.tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) throw notFound('Settings');
  return {
    currency: row.currency,
    timeZone: row.time_zone,
    locale: row.locale,
    policy: { policy: row.billing_day_policy, billingDay: Number(row.billing_day) },
    paymentTermsDays: Number(row.payment_terms_days),
    invoicePrefix: row.invoice_prefix,
    receiptPrefix: row.receipt_prefix,
    creditNotePrefix: row.credit_note_prefix,
    numberDigits: Number(row.document_number_digits),
    receiptKind: row.receipt_kind,
    planChangeBilling: row.plan_change_billing,
    cancellationCredit: row.cancellation_credit,
    billingRunHour: Number(row.billing_run_hour),
    company: {
      name: row.legal_name.trim() || row.tenant_name,
      address: row.address,
      taxId: row.tax_id,
      phone: row.phone,
      email: row.email,
    },
  };
}
