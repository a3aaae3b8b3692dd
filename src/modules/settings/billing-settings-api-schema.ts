/** The billing fields of /api/v1/settings (GET returns them, PATCH takes any of them). */
import { Type } from '@sinclair/typebox';

const choice = <T extends string>(values: readonly T[], description: string) => Type.Union(values.map((v) => Type.Literal(v)), { description });

export const billingSettingsSchema = {
  billingDayPolicy: choice(['anniversary', 'fixed_day'], 'anniversary: each postpaid service is billed on the day of the month it started; fixed_day: every monthly service on billingDay, the first invoice prorated by days. A change applies to services not yet invoiced'),
  billingDay: Type.Integer({ description: 'Day of the month (1-28) every monthly service is billed on under fixed_day' }),
  paymentTermsDays: Type.Integer({ description: 'Days from an invoice date to its due date (0-365)' }),
  invoicePrefix: Type.String({ maxLength: 100, description: 'Put before invoice numbers (INV- gives INV-000042): at most 12 letters, digits, / _ or -; may be empty' }),
  receiptPrefix: Type.String({ maxLength: 100, description: 'Put before receipt numbers; same rule as invoicePrefix' }),
  creditNotePrefix: Type.String({ maxLength: 100, description: 'Put before credit note numbers; same rule as invoicePrefix' }),
  documentNumberDigits: Type.Integer({ description: 'Zero-padded width of document numbers (1-12); longer numbers are never cut' }),
  receiptKind: choice(['official', 'acknowledgment'], 'Wording of payment receipts: official receipt or acknowledgment receipt'),
  planChangeBilling: choice(['next_invoice', 'immediate'], 'Where a mid-period plan change is billed (credit for the old plan, charge for the new one)'),
  cancellationCredit: choice(['none', 'prorated'], 'Whether cancelling a service credits its unused prepaid days'),
  billingRunHour: Type.Integer({ description: 'Local hour (0-23, tenant time zone) of the nightly billing run' }),
};
