/** The tax rates table with its add form, and the page that edits one rate. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { Select } from './settings-view.tsx';
import type { TaxRateView } from './tax-rates-repository.ts';

export interface TaxRateFormValues {
  taxClass?: string;
  name?: string;
  rate?: string;
  inclusive?: string;
}

const FUTURE_ONLY = 'Changes apply to invoices issued from now on. Lines already invoiced keep the rate they were issued with.';

const INCLUSIVE_CHOICES = [
  { value: 'false', label: 'Exclusive: tax is added on top of the price' },
  { value: 'true', label: 'Inclusive: the price already contains the tax' },
];

function TaxRateFields(props: { values: TaxRateFormValues; errors: Record<string, string> }) {
  const { values: v, errors } = props;
  return (
    <>
      <Field label="Tax class" name="taxClass" value={v.taxClass} error={errors.taxClass} hint="The key plans and charges name, e.g. standard or vat_exempt" />
      <Field label="Name" name="name" value={v.name} error={errors.name} hint="Printed on invoice lines, e.g. VAT 12%" />
      <Field label="Rate (%)" name="rate" value={v.rate} error={errors.rate} hint="0-100, up to 4 decimals, e.g. 12 or 7.5" />
      <Select label="Prices are" name="inclusive" value={v.inclusive ?? 'false'} options={INCLUSIVE_CHOICES} error={errors.inclusive} />
    </>
  );
}

function DeleteRate(props: { principal: StaffPrincipal; rate: TaxRateView }) {
  const { rate } = props;
  const plans = rate.planCount === 1 ? '1 active plan is' : `${rate.planCount} active plans are`;
  return (
    <details class="confirm">
      <summary>Delete…</summary>
      <form method="post" action={`/app/settings/tax-rates/${rate.id}/delete`}>
        <CsrfField token={props.principal.csrfToken} />
        <p>
          Delete “{rate.name}”? Invoices issued from now on will not tax class <code>{rate.taxClass}</code>
          {rate.planCount > 0 ? ` (${plans} in it)` : ''}. Invoices already issued keep their tax.
        </p>
        <button type="submit" class="danger">
          Delete tax rate
        </button>
      </form>
    </details>
  );
}

export function TaxRatesSection(props: {
  principal: StaffPrincipal;
  canManage: boolean;
  rates: TaxRateView[];
  untaxed: { taxClass: string; planCount: number }[];
  values: TaxRateFormValues;
  errors: Record<string, string>;
  message?: string | undefined;
}) {
  return (
    <section class="card" id="tax-rates">
      <h2>Tax rates</h2>
      <p class="muted">Plans and one-off charges name a tax class; the class is taxed at its rate. A class without a rate is not taxed. {FUTURE_ONLY}</p>
      {props.untaxed.length > 0 ? (
        <p class="alert" data-testid="untaxed-classes">
          No rate for {props.untaxed.map((u, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <code>{u.taxClass}</code> ({u.planCount === 1 ? '1 plan' : `${u.planCount} plans`})
            </>
          ))}
          : those plans are billed without tax.
        </p>
      ) : null}
      {props.rates.length === 0 ? (
        <p class="muted">No tax rates yet.</p>
      ) : (
        <div class="table-scroll">
          <table data-testid="tax-rates">
            <thead>
              <tr>
                <th>Tax class</th>
                <th>Name</th>
                <th>Rate</th>
                <th>Prices</th>
                <th>Active plans</th>
                {props.canManage ? <th>Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {props.rates.map((rate) => (
                <tr data-tax-rate-id={rate.id}>
                  <td>
                    <code>{rate.taxClass}</code>
                  </td>
                  <td>{rate.name}</td>
                  <td>{rate.rate}%</td>
                  <td>{rate.inclusive ? 'Include tax' : 'Exclude tax'}</td>
                  <td>{rate.planCount}</td>
                  {props.canManage ? (
                    <td>
                      <span class="row-actions">
                        <a href={`/app/settings/tax-rates/${rate.id}/edit`}>Edit</a>
                        <DeleteRate principal={props.principal} rate={rate} />
                      </span>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canManage ? (
        <form method="post" action="/app/settings/tax-rates" novalidate>
          <h3>Add a tax rate</h3>
          <CsrfField token={props.principal.csrfToken} />
          <FormError message={props.message} />
          <TaxRateFields values={props.values} errors={props.errors} />
          <button type="submit">Add tax rate</button>
        </form>
      ) : null}
    </section>
  );
}

export function TaxRateEditPage(props: { principal: StaffPrincipal; rate: TaxRateView; values: TaxRateFormValues; errors: Record<string, string>; message?: string | undefined; showOutbox: boolean }) {
  const { rate } = props;
  return (
    <AppPage title={`Edit tax rate ${rate.taxClass}`} principal={props.principal} active="/app/settings" showOutbox={props.showOutbox}>
      <p>
        <a href="/app/settings/billing#tax-rates">← Billing settings</a>
      </p>
      <form method="post" action={`/app/settings/tax-rates/${rate.id}`} class="card" novalidate>
        <CsrfField token={props.principal.csrfToken} />
        <FormError message={props.message} />
        <p class="muted">
          {FUTURE_ONLY}
          {rate.planCount > 0 ? ` Renaming the class leaves the ${rate.planCount === 1 ? 'plan' : `${rate.planCount} plans`} in “${rate.taxClass}” without a rate.` : ''}
        </p>
        <TaxRateFields values={props.values} errors={props.errors} />
        <button type="submit">Save tax rate</button>
      </form>
      <section class="card">
        <DeleteRate principal={props.principal} rate={rate} />
      </section>
    </AppPage>
  );
}
