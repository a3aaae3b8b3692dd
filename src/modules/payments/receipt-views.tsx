/**
 * A receipt as issued (everything shown comes from its stored content), with the void form
 * for staff who manage billing; and the list of receipts, voided ones marked, never hidden.
 */
import type { StaffPrincipal } from '../../http/principal.ts';
import { formatDateTime } from '../../lib/zoned-time.ts';
import { AppPage, CsrfField, FormError } from '../../views/layout.tsx';
import { can } from '../context.ts';
import { Money, RECEIPT_TITLES, VoidMark, methodLabel, type MoneyFormat } from './payment-widgets.tsx';
import type { PaymentView, ReceiptView } from './payments-repository.ts';

export function ReceiptPage(props: {
  principal: StaffPrincipal;
  receipt: ReceiptView;
  payment: PaymentView;
  fmt: MoneyFormat;
  notice?: string | undefined;
  error?: { message: string; reason?: string | undefined } | undefined;
  reason?: string | undefined;
}) {
  const { receipt: r, payment, fmt } = props;
  const c = r.content;
  const money = (minor: number) => <Money minor={minor} currency={r.currency} locale={fmt.locale} />;
  const title = `${RECEIPT_TITLES[r.kind]} ${r.number}`;
  return (
    <AppPage title={title} principal={props.principal} active="/app/payments">
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      {r.voidedAt ? (
        <p class="alert" role="alert" data-testid="receipt-void">
          <VoidMark reason={r.voidReason} /> Voided {formatDateTime(r.voidedAt, fmt.timeZone, fmt.locale)} by {r.voidedByLabel}: {r.voidReason}
        </p>
      ) : null}
      <p class="actions">
        <a class="button secondary" href={`/app/receipts/${r.id}/pdf`}>
          PDF
        </a>{' '}
        <a href={`/app/customers/${r.customerId}`}>Customer</a> · <a href={`/app/payments?customerId=${r.customerId}`}>Their payments</a>
      </p>
      <section class="card" data-testid="receipt">
        <dl>
          <dt>Received from</dt>
          <dd>
            {c.customer.name} <span class="muted">{c.customer.accountNumber}</span>
            {c.customer.address ? <div class="muted pre">{c.customer.address}</div> : null}
          </dd>
          <dt>Amount</dt>
          <dd data-testid="receipt-amount">{money(r.amountMinor)}</dd>
          <dt>Method</dt>
          <dd>
            {methodLabel(c.method)}
            {c.reference ? ` · ${c.reference}` : null}
          </dd>
          <dt>Received on</dt>
          <dd>{c.receivedOn}</dd>
          <dt>Issued</dt>
          <dd>{formatDateTime(r.issuedAt, fmt.timeZone, fmt.locale)}</dd>
          <dt>Collected by</dt>
          <dd>{c.collectedBy}</dd>
          {c.prepaid ? (
            <>
              <dt>Prepaid time</dt>
              <dd data-testid="receipt-prepaid">
                {c.prepaid.serviceLabel}: {c.prepaid.from} until {c.prepaid.until}
              </dd>
            </>
          ) : null}
          {payment.notes ? (
            <>
              <dt>Notes</dt>
              <dd class="pre">{payment.notes}</dd>
            </>
          ) : null}
        </dl>
        <h3>Applied to</h3>
        {c.applied.length === 0 ? (
          <p class="muted">No invoice: all of it went to the account as credit.</p>
        ) : (
          <table class="stack" data-testid="receipt-applied">
            <thead>
              <tr>
                <th>Invoice</th>
                <th>Amount</th>
              </tr>
            </thead>
            <tbody>
              {c.applied.map((a) => (
                <tr>
                  <td data-label="Invoice">{a.invoiceNumber}</td>
                  <td data-label="Amount">{money(a.amountMinor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {c.creditMinor > 0 ? <p>Left on the account as credit: {money(c.creditMinor)}</p> : null}
      </section>
      {can(props.principal.actor, 'billing.manage') && !r.voidedAt ? (
        <section class="card" id="void">
          <h2>Void this receipt</h2>
          <p class="muted">The receipt keeps its number and stays listed, marked void. What the payment paid becomes due again.</p>
          <form method="post" action={`/app/receipts/${r.id}/void`} novalidate>
            <CsrfField token={props.principal.csrfToken} />
            <FormError message={props.error?.message} />
            <div class="filters">
              <div class={props.error?.reason ? 'field invalid grow' : 'field grow'}>
                <label for="f-reason">Reason</label>
                <input id="f-reason" name="reason" value={props.reason ?? ''} autocomplete="off" />
                {props.error?.reason ? <small class="error">{props.error.reason}</small> : null}
              </div>
              <div class="field">
                <button type="submit" class="danger">
                  Void receipt
                </button>
              </div>
            </div>
          </form>
        </section>
      ) : null}
    </AppPage>
  );
}

export function ReceiptListPage(props: { principal: StaffPrincipal; items: ReceiptView[]; nextCursor: string | null; customerId: string; fmt: MoneyFormat }) {
  const next = new URLSearchParams({ customerId: props.customerId, cursor: props.nextCursor ?? '' });
  return (
    <AppPage title="Receipts" principal={props.principal} active="/app/payments">
      <p class="actions">
        <a href="/app/payments">Payments</a> · <a href="/app/reports/cashier">Cashier’s day</a>
        {props.customerId ? (
          <>
            {' · '}
            <a href="/app/receipts">All receipts</a>
          </>
        ) : null}
      </p>
      {props.items.length === 0 ? (
        <p class="muted">No receipts yet.</p>
      ) : (
        <table class="stack" data-testid="receipts">
          <thead>
            <tr>
              <th>Receipt</th>
              <th>Issued</th>
              <th>Received from</th>
              <th>Amount</th>
              <th>Method</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((r) => (
              <tr>
                <td data-label="Receipt">
                  <a href={`/app/receipts/${r.id}`}>{r.number}</a> {r.voidedAt ? <VoidMark reason={r.voidReason} /> : null}
                </td>
                <td data-label="Issued">{r.issuedOn}</td>
                <td data-label="Received from">
                  <a href={`/app/customers/${r.customerId}`}>{r.content.customer.name}</a>
                </td>
                <td data-label="Amount">
                  <Money minor={r.amountMinor} currency={r.currency} locale={props.fmt.locale} />
                </td>
                <td data-label="Method">{methodLabel(r.content.method)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.nextCursor ? (
        <p>
          <a href={`/app/receipts?${next.toString()}`}>Next page</a>
        </p>
      ) : null}
    </AppPage>
  );
}
