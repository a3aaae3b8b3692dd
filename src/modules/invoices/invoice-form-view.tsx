/** /app/invoices/new: a one-off draft for one customer, from pending charges and typed lines. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { CHARGE_KIND_LABELS, type StaffLineInput } from './staff-line.ts';
import type { ChargeRow } from './charges-repository.ts';
import { FormKey, LineFields, Money } from './billing-widgets.tsx';
import { INVOICES_PATH } from './invoice-list-view.tsx';

/** Typed-line slots on the form; more lines are added on the draft's page. */
export const LINE_SLOTS = 3;

export interface NewInvoiceValues {
  chargeIds: string[];
  lines: StaffLineInput[];
  memo: string;
}

export function NewInvoicePage(props: {
  principal: StaffPrincipal;
  customer: { id: string; name: string; accountNumber: string };
  pendingCharges: ChargeRow[];
  services: { id: string; label: string }[];
  currency: string;
  locale: string;
  values: NewInvoiceValues;
  errors: Record<string, string>;
  message?: string | undefined;
}) {
  const { customer, values } = props;
  return (
    <AppPage title={`New invoice for ${customer.name}`} principal={props.principal} active={INVOICES_PATH}>
      <p class="muted">
        The invoice starts as a draft with no number: check it, then finalize it on its page. Account <a href={`/app/customers/${customer.id}`}>{customer.accountNumber}</a>.
      </p>
      <form method="post" action={INVOICES_PATH} class="customer-form" novalidate>
        <CsrfField token={props.principal.csrfToken} />
        <FormKey />
        <FormError message={props.message} />
        <input type="hidden" name="customerId" value={customer.id} />
        <fieldset>
          <legend>Pending charges</legend>
          {props.pendingCharges.length === 0 ? (
            <p class="muted">No pending charges.</p>
          ) : (
            <div class="checks">
              {props.pendingCharges.map((c) => (
                <label>
                  <input type="checkbox" name="chargeIds" value={c.id} checked={values.chargeIds.includes(c.id)} /> {CHARGE_KIND_LABELS[c.kind]}: {c.description} ({Number(c.quantity)} ×{' '}
                  <Money minor={Number(c.unit_price_minor)} currency={props.currency} locale={props.locale} />)
                </label>
              ))}
            </div>
          )}
          {props.errors.chargeIds ? <small class="error">{props.errors.chargeIds}</small> : null}
        </fieldset>
        <p class="muted">Fill in only the lines you need; more can be added to the draft.</p>
        {Array.from({ length: LINE_SLOTS }, (_, i) => (
          <fieldset>
            <legend>{`Line ${i + 1}`}</legend>
            <LineFields prefix={`lines.${i}.`} values={values.lines[i] ?? {}} errors={props.errors} currency={props.currency} services={props.services} />
          </fieldset>
        ))}
        {props.errors.lines ? <p class="error">{props.errors.lines}</p> : null}
        <Field label="Memo" name="memo" value={values.memo} error={props.errors.memo} hint="Printed on the invoice" />
        <p class="actions">
          <button type="submit">Create draft</button> <a href={`/app/customers/${customer.id}`}>Cancel</a>
        </p>
      </form>
    </AppPage>
  );
}
