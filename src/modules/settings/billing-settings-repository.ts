/** Billing settings columns of tenant_settings, and whether the tenant has billed yet. */
import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenancy.ts';
import type { BillingSettingsFields } from './billing-settings-rules.ts';

/** Selected by findSettings beside the company columns. */
export const BILLING_SETTING_COLUMNS = [
  'tenant_settings.billing_day_policy',
  'tenant_settings.billing_day',
  'tenant_settings.payment_terms_days',
  'tenant_settings.invoice_prefix',
  'tenant_settings.receipt_prefix',
  'tenant_settings.credit_note_prefix',
  'tenant_settings.document_number_digits',
  'tenant_settings.receipt_kind',
  'tenant_settings.plan_change_billing',
  'tenant_settings.cancellation_credit',
  'tenant_settings.billing_run_hour',
] as const;

interface BillingSettingsRow {
  billing_day_policy: BillingSettingsFields['billingDayPolicy'];
  billing_day: number;
  payment_terms_days: number;
  invoice_prefix: string;
  receipt_prefix: string;
  credit_note_prefix: string;
  document_number_digits: number;
  receipt_kind: BillingSettingsFields['receiptKind'];
  plan_change_billing: BillingSettingsFields['planChangeBilling'];
  cancellation_credit: BillingSettingsFields['cancellationCredit'];
  billing_run_hour: number;
}

export function billingFieldsOf(row: BillingSettingsRow): BillingSettingsFields {
  return {
    billingDayPolicy: row.billing_day_policy,
    billingDay: Number(row.billing_day),
    paymentTermsDays: Number(row.payment_terms_days),
    invoicePrefix: row.invoice_prefix,
    receiptPrefix: row.receipt_prefix,
    creditNotePrefix: row.credit_note_prefix,
    documentNumberDigits: Number(row.document_number_digits),
    receiptKind: row.receipt_kind,
    planChangeBilling: row.plan_change_billing,
    cancellationCredit: row.cancellation_credit,
    billingRunHour: Number(row.billing_run_hour),
  };
}

/** The columns to set for the changed fields (undefined: leave as is). */
export function billingColumnsOf(changes: Partial<BillingSettingsFields>): Partial<BillingSettingsRow> {
  return {
    billing_day_policy: changes.billingDayPolicy,
    billing_day: changes.billingDay,
    payment_terms_days: changes.paymentTermsDays,
    invoice_prefix: changes.invoicePrefix,
    receipt_prefix: changes.receiptPrefix,
    credit_note_prefix: changes.creditNotePrefix,
    document_number_digits: changes.documentNumberDigits,
    receipt_kind: changes.receiptKind,
    plan_change_billing: changes.planChangeBilling,
    cancellation_credit: changes.cancellationCredit,
    billing_run_hour: changes.billingRunHour,
  };
}

/**
 * Whether any invoice, payment or ledger entry exists: their amounts are stored in the
 * minor unit of the currency they were made in, so the currency is fixed from then on.
 */
export async function hasBillingHistory(trx: TenantTx, tenantId: string): Promise<boolean> {
  const row = await trx
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom('invoices').select(sql`1`.as('x')).where('tenant_id', '=', tenantId)).as('invoices'),
      eb.exists(eb.selectFrom('payments').select(sql`1`.as('x')).where('tenant_id', '=', tenantId)).as('payments'),
      eb.exists(eb.selectFrom('ledger_entries').select(sql`1`.as('x')).where('tenant_id', '=', tenantId)).as('ledger'),
    ])
    .executeTakeFirstOrThrow();
  return Boolean(row.invoices) || Boolean(row.payments) || Boolean(row.ledger);
}
