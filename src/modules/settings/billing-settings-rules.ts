/**
 * The tenant's billing settings as staff edit them: the fields, their allowed values and
 * the check that turns form text or API values into them. The database repeats each rule
 * as a CHECK constraint (20261130150000_billing.sql); this one names the field.
 */
import type { BillingDayPolicy, CancellationCredit, PlanChangeBilling, ReceiptKind } from '../../db/schema.ts';
import type { Problems } from '../../lib/validate.ts';

export interface BillingSettingsFields {
  billingDayPolicy: BillingDayPolicy;
  /** 1-28, used under 'fixed_day'; every month has it. */
  billingDay: number;
  /** Days from an invoice's issue date to its due date. */
  paymentTermsDays: number;
  invoicePrefix: string;
  receiptPrefix: string;
  creditNotePrefix: string;
  /** Zero-padded width of document numbers: 6 gives INV-000042. */
  documentNumberDigits: number;
  receiptKind: ReceiptKind;
  planChangeBilling: PlanChangeBilling;
  cancellationCredit: CancellationCredit;
  /** Local hour (tenant time zone) of the nightly billing run. */
  billingRunHour: number;
}

/** Each field optional: text from a form, or the JSON value from the API. */
export type BillingSettingsInput = { [K in keyof BillingSettingsFields]?: string | number };

export const BILLING_FIELDS = [
  'billingDayPolicy',
  'billingDay',
  'paymentTermsDays',
  'invoicePrefix',
  'receiptPrefix',
  'creditNotePrefix',
  'documentNumberDigits',
  'receiptKind',
  'planChangeBilling',
  'cancellationCredit',
  'billingRunHour',
] as const satisfies readonly (keyof BillingSettingsFields)[];

type Choice<T extends string> = readonly { value: T; label: string }[];

export const POLICY_CHOICES: Choice<BillingDayPolicy> = [
  { value: 'anniversary', label: 'Anniversary: each service on the day it started' },
  { value: 'fixed_day', label: 'Fixed day: everyone on one day of the month, first invoice prorated' },
];
export const RECEIPT_KIND_CHOICES: Choice<ReceiptKind> = [
  { value: 'official', label: 'Official receipt' },
  { value: 'acknowledgment', label: 'Acknowledgment receipt' },
];
export const PLAN_CHANGE_CHOICES: Choice<PlanChangeBilling> = [
  { value: 'next_invoice', label: 'On the next invoice' },
  { value: 'immediate', label: 'Immediately, on an invoice of its own' },
];
export const CANCELLATION_CHOICES: Choice<CancellationCredit> = [
  { value: 'prorated', label: 'Credit the unused days' },
  { value: 'none', label: 'No credit' },
];

/** Letters, digits, / _ or -, up to 12; empty is allowed (numbers without a prefix). */
export const DOCUMENT_PREFIX = /^[A-Za-z0-9/_-]{0,12}$/;

const INTEGERS: Partial<Record<keyof BillingSettingsFields, { label: string; min: number; max: number }>> = {
  billingDay: { label: 'Billing day', min: 1, max: 28 },
  paymentTermsDays: { label: 'Payment terms', min: 0, max: 365 },
  documentNumberDigits: { label: 'Number digits', min: 1, max: 12 },
  billingRunHour: { label: 'Billing run hour', min: 0, max: 23 },
};

const PREFIXES = { invoicePrefix: 'Invoice prefix', receiptPrefix: 'Receipt prefix', creditNotePrefix: 'Credit note prefix' } as const;

/** Adds a problem per bad field to `problems` and returns the good ones, normalised. */
export function checkBillingSettings(problems: Problems, input: BillingSettingsInput): Partial<BillingSettingsFields> {
  const out: Partial<Record<keyof BillingSettingsFields, string | number>> = {};

  for (const [key, rule] of Object.entries(INTEGERS) as [keyof BillingSettingsFields, { label: string; min: number; max: number }][]) {
    const raw = input[key];
    if (raw === undefined) continue;
    const value = typeof raw === 'number' ? raw : /^\s*\d{1,6}\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(value) || value < rule.min || value > rule.max) {
      problems.add(key, 'range', `${rule.label} must be a whole number from ${rule.min} to ${rule.max}`);
    } else out[key] = value;
  }
  for (const [key, label] of Object.entries(PREFIXES) as [keyof typeof PREFIXES, string][]) {
    const raw = input[key];
    if (raw === undefined) continue;
    const value = String(raw).trim();
    if (!DOCUMENT_PREFIX.test(value)) problems.add(key, 'format', `${label} may hold at most 12 letters, digits, / _ or -`);
    else out[key] = value;
  }
  const choose = <T extends string>(key: keyof BillingSettingsFields, label: string, choices: Choice<T>) => {
    const raw = input[key];
    if (raw === undefined) return;
    const value = String(raw).trim();
    if (!choices.some((c) => c.value === value)) problems.add(key, 'choice', `${label} must be one of ${choices.map((c) => c.value).join(', ')}`);
    else out[key] = value;
  };
  choose('billingDayPolicy', 'Billing day policy', POLICY_CHOICES);
  choose('receiptKind', 'Receipt kind', RECEIPT_KIND_CHOICES);
  choose('planChangeBilling', 'Plan change billing', PLAN_CHANGE_CHOICES);
  choose('cancellationCredit', 'Cancellation credit', CANCELLATION_CHOICES);
  // Each value above passed its field's rule, so the record has the fields' own types.
  return out as Partial<BillingSettingsFields>;
}
