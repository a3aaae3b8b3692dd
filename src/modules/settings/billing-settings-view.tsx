/** /app/settings/billing: the billing settings form (or a summary) and the tax rates. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { formatNumber } from '../../db/counters.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { CANCELLATION_CHOICES, PLAN_CHANGE_CHOICES, POLICY_CHOICES, RECEIPT_KIND_CHOICES, type BillingSettingsFields } from './billing-settings-rules.ts';
import type { TenantSettings } from './settings-repository.ts';
import { Select } from './settings-view.tsx';
import type { TaxRateView } from './tax-rates-repository.ts';
import { TaxRatesSection, type TaxRateFormValues } from './tax-rates-view.tsx';

export type BillingForm = Partial<Record<keyof BillingSettingsFields, string>>;

export interface BillingSettingsPageProps {
  principal: StaffPrincipal;
  settings: TenantSettings;
  canManage: boolean;
  showOutbox: boolean;
  values: BillingForm;
  errors: Record<string, string>;
  message?: string | undefined;
  taxRates: TaxRateView[];
  untaxed: { taxClass: string; planCount: number }[];
  taxValues: TaxRateFormValues;
  taxErrors: Record<string, string>;
  taxMessage?: string | undefined;
  notice?: string | undefined;
}

const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${String(h).padStart(2, '0')}:00` }));

const labelOf = (choices: readonly { value: string; label: string }[], value: string) => choices.find((c) => c.value === value)?.label ?? value;

function sampleNumber(prefix: string | undefined, digits: string | undefined): string {
  const n = Number(digits);
  return formatNumber(prefix ?? '', 42, Number.isInteger(n) && n >= 1 && n <= 12 ? n : 6);
}

export function BillingSettingsPage(props: BillingSettingsPageProps) {
  return (
    <AppPage title="Billing settings" principal={props.principal} active="/app/settings" showOutbox={props.showOutbox}>
      <p>
        <a href="/app/settings">← Company settings</a>
      </p>
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      {props.canManage ? <BillingForm {...props} /> : <BillingSummary settings={props.settings} />}
      <TaxRatesSection
        principal={props.principal}
        canManage={props.canManage}
        rates={props.taxRates}
        untaxed={props.untaxed}
        values={props.taxValues}
        errors={props.taxErrors}
        message={props.taxMessage}
      />
    </AppPage>
  );
}

function BillingForm(props: BillingSettingsPageProps) {
  const { values: v, errors } = props;
  return (
    <form method="post" action="/app/settings/billing" class="card" novalidate>
      <CsrfField token={props.principal.csrfToken} />
      <FormError message={props.message} />
      <h2>Billing day</h2>
      <Select label="Billing day policy" name="billingDayPolicy" value={v.billingDayPolicy} options={POLICY_CHOICES} error={errors.billingDayPolicy} />
      <Field
        label="Billing day"
        name="billingDay"
        type="number"
        value={v.billingDay}
        error={errors.billingDay}
        hint="1-28, used with a fixed day. Services already invoiced keep their billing day; a change applies to services invoiced for the first time from now on."
      />
      <Field label="Payment terms (days)" name="paymentTermsDays" type="number" value={v.paymentTermsDays} error={errors.paymentTermsDays} hint="Days from the invoice date to the due date, 0-365" />
      <Select label="Billing run time" name="billingRunHour" value={v.billingRunHour} options={HOURS} error={errors.billingRunHour} hint={`Local time (${props.settings.timeZone}) of the nightly billing run`} />
      <h2>Plan changes and cancellations</h2>
      <Select label="Bill a mid-period plan change" name="planChangeBilling" value={v.planChangeBilling} options={PLAN_CHANGE_CHOICES} error={errors.planChangeBilling} />
      <Select label="On cancellation" name="cancellationCredit" value={v.cancellationCredit} options={CANCELLATION_CHOICES} error={errors.cancellationCredit} />
      <h2>Document numbers</h2>
      <p class="muted">
        Next invoice looks like <code>{sampleNumber(v.invoicePrefix, v.documentNumberDigits)}</code>. A change applies to documents numbered from now on; issued documents keep their
        numbers.
      </p>
      <Field label="Invoice prefix" name="invoicePrefix" value={v.invoicePrefix} error={errors.invoicePrefix} hint="At most 12 letters, digits, / _ or -; may be empty" />
      <Field label="Receipt prefix" name="receiptPrefix" value={v.receiptPrefix} error={errors.receiptPrefix} />
      <Field label="Credit note prefix" name="creditNotePrefix" value={v.creditNotePrefix} error={errors.creditNotePrefix} />
      <Field label="Number digits" name="documentNumberDigits" type="number" value={v.documentNumberDigits} error={errors.documentNumberDigits} hint="1-12, zero-padded; longer numbers are never cut" />
      <Select label="Receipt wording" name="receiptKind" value={v.receiptKind} options={RECEIPT_KIND_CHOICES} error={errors.receiptKind} />
      <button type="submit">Save billing settings</button>
    </form>
  );
}

function BillingSummary(props: { settings: TenantSettings }) {
  const s = props.settings;
  const rows: [string, string][] = [
    ['Billing day policy', labelOf(POLICY_CHOICES, s.billingDayPolicy)],
    ['Billing day', s.billingDayPolicy === 'fixed_day' ? String(s.billingDay) : `${s.billingDay} (used with a fixed day)`],
    ['Payment terms', `${s.paymentTermsDays} days`],
    ['Billing run time', `${String(s.billingRunHour).padStart(2, '0')}:00 ${s.timeZone}`],
    ['Mid-period plan change', labelOf(PLAN_CHANGE_CHOICES, s.planChangeBilling)],
    ['On cancellation', labelOf(CANCELLATION_CHOICES, s.cancellationCredit)],
    ['Invoice numbers', formatNumber(s.invoicePrefix, 42, s.documentNumberDigits)],
    ['Receipt numbers', formatNumber(s.receiptPrefix, 42, s.documentNumberDigits)],
    ['Credit note numbers', formatNumber(s.creditNotePrefix, 42, s.documentNumberDigits)],
    ['Receipt wording', labelOf(RECEIPT_KIND_CHOICES, s.receiptKind)],
  ];
  return (
    <table class="card" data-testid="billing-settings">
      <tbody>
        {rows.map(([label, value]) => (
          <tr>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
