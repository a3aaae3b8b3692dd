/**
 * The parts of an invoice's page that correct a finalized invoice: its credit notes, and the
 * credit-note, void (or void and reissue) and uncollectible forms its status allows.
 */
import { CsrfField, Field } from '../../views/layout.tsx';
import { ActionButton } from '../installations/form-fields.tsx';
import { FormKey, Money } from './billing-widgets.tsx';
import { INVOICES_PATH } from './invoice-list-view.tsx';
import type { InvoicePageProps } from './invoice-page-view.tsx';
import { VOIDABLE } from './void-invoice.ts';

export function CreditNotesSection(props: InvoicePageProps) {
  const { detail: d, locale } = props;
  if (d.creditNotes.length === 0) return null;
  return (
    <section class="card" id="credit-notes">
      <h2>Credit notes</h2>
      <table class="stack" data-testid="credit-notes">
        <thead>
          <tr>
            <th>Number</th>
            <th>Issued</th>
            <th>Amount</th>
            <th>Reason</th>
            <th>Credit left</th>
          </tr>
        </thead>
        <tbody>
          {d.creditNotes.map((c) => (
            <tr>
              <td data-label="Number">
                <a href={`/app/credit-notes/${c.id}`}>{c.number}</a>
              </td>
              <td data-label="Issued">{c.issued_on}</td>
              <td data-label="Amount">
                <Money minor={Number(c.total_minor)} currency={c.currency} locale={locale} />
              </td>
              <td data-label="Reason">{c.reason}</td>
              <td data-label="Credit left">
                <Money minor={c.remainingMinor} currency={c.currency} locale={locale} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function FinalizedActions(props: InvoicePageProps) {
  const { detail: d, errors, forms } = props;
  const i = d.invoice;
  const csrf = props.principal.csrfToken;
  const servicePeriod = i.period_start && (i.kind === 'recurring' || i.kind === 'prepaid');
  return (
    <section class="card" id="actions">
      <h2>Corrections</h2>
      {d.creditableMinor > 0 ? (
        <form method="post" action={`${INVOICES_PATH}/${i.id}/credit-notes`} novalidate>
          <h3>Credit note</h3>
          <p class="muted">
            Up to <Money minor={d.creditableMinor} currency={i.currency} locale={props.locale} /> can still be credited. Tax is credited in the invoice’s proportion. The credit pays this invoice first;
            the rest stays on the account for the next invoice or a refund.
          </p>
          <CsrfField token={csrf} />
          <FormKey />
          <div class="filters">
            <Field label={`Amount (${i.currency})`} name="amount" value={forms.creditNote?.amount} error={errors.amount} hint="Including tax" />
            <Field label="Reason" name="reason" value={forms.creditNote?.reason} error={errors.reason} />
            <div class="field">
              <button type="submit">Issue credit note</button>
            </div>
          </div>
        </form>
      ) : null}
      {VOIDABLE.includes(i.status) && d.creditNotes.length === 0 ? (
        <form method="post" action={`${INVOICES_PATH}/${i.id}/void`} novalidate>
          <h3>Void</h3>
          <p class="muted">
            The invoice keeps its number and stays here marked void. Payments and credits applied to it become credit on the account again.
            {servicePeriod ? ' It billed a service period: voiding frees that period for a new invoice, but moves nothing else (the billed-until date and prepaid time stay).' : ''} “Void and reissue”
            also makes a new draft with the same lines to correct.
          </p>
          <CsrfField token={csrf} />
          <FormKey />
          <div class="filters">
            <Field label="Reason" name="voidReason" value={forms.voidReason} error={errors.voidReason} />
            <div class="field">
              <button type="submit" class="danger">
                Void
              </button>
            </div>
            <div class="field">
              <button type="submit" class="secondary" formaction={`${INVOICES_PATH}/${i.id}/reissue`}>
                Void and reissue
              </button>
            </div>
          </div>
        </form>
      ) : null}
      {i.status === 'open' || i.status === 'partially_paid' ? (
        <ActionButton action={`${INVOICES_PATH}/${i.id}/uncollectible`} csrfToken={csrf} label="Mark uncollectible" />
      ) : null}
    </section>
  );
}
