/** /app/credit-notes/:id: one credit note as issued, and what is left of its credit. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { formatDateTime } from '../../lib/zoned-time.ts';
import { AppPage } from '../../views/layout.tsx';
import { Money } from '../invoices/billing-widgets.tsx';
import type { CreditNoteDetail } from './get-credit-note.ts';

export function CreditNotePage(props: { principal: StaffPrincipal; detail: CreditNoteDetail; timeZone: string; locale: string; notice?: string | undefined }) {
  const c = props.detail.creditNote;
  const money = (minor: number) => <Money minor={minor} currency={c.currency} locale={props.locale} />;
  return (
    <AppPage title={`Credit note ${c.number}`} principal={props.principal} active="/app/invoices">
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <p class="customer-head">
        <a href={`/app/customers/${c.customer_id}`}>{c.customer_snapshot.name}</a> <span class="muted">{c.customer_snapshot.accountNumber}</span> · <a href={`/app/credit-notes/${c.id}/pdf`}>PDF</a>
      </p>
      <section class="card">
        <dl data-testid="credit-note">
          <dt>Invoice</dt>
          <dd>
            <a href={`/app/invoices/${c.invoice_id}`}>{props.detail.invoiceNumber}</a>
          </dd>
          <dt>Issued</dt>
          <dd>
            {c.issued_on} <span class="muted">by {c.issued_by_label} at {formatDateTime(c.issued_at, props.timeZone, props.locale)}</span>
          </dd>
          <dt>Reason</dt>
          <dd class="pre">{c.reason}</dd>
          <dt>Net</dt>
          <dd>{money(Number(c.subtotal_minor))}</dd>
          <dt>Tax</dt>
          <dd>{money(Number(c.tax_minor))}</dd>
          <dt>Total credited</dt>
          <dd>
            <strong>{money(Number(c.total_minor))}</strong>
          </dd>
          <dt>Credit left</dt>
          <dd data-testid="credit-left">
            {money(props.detail.remainingMinor)}
            {props.detail.remainingMinor > 0 ? (
              <>
                {' '}
                <a href={`/app/customers/${c.customer_id}/ledger#refund`}>Refund it</a>
              </>
            ) : null}
          </dd>
        </dl>
      </section>
    </AppPage>
  );
}
