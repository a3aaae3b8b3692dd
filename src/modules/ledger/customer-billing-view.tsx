/**
 * The billing section of the customer page: balance, open invoices, pending charges (with
 * an add-charge form), recent ledger entries and the ways to correct the account. The
 * customer page renders only the slot; htmx loads the section from this module's own route,
 * so the customer module needs none of billing's queries (and a browser without script
 * still gets a link to the account).
 */
import type { StaffPrincipal } from '../../http/principal.ts';
import { CsrfField } from '../../views/layout.tsx';
import { can } from '../context.ts';
import { ActionButton } from '../installations/form-fields.tsx';
import { FormKey, LineFields, Money } from '../invoices/billing-widgets.tsx';
import { CHARGE_KIND_LABELS } from '../invoices/staff-line.ts';
import type { CustomerBillingSection } from './customer-billing.ts';
import { BalanceLine, LedgerTable } from './ledger-widgets.tsx';

/** The one line the customer page adds: `<CustomerBillingSlot principal={principal} customerId={c.id} />`. */
export function CustomerBillingSlot(props: { principal: StaffPrincipal; customerId: string }) {
  if (!can(props.principal.actor, 'billing.read')) return null;
  const url = `/app/customers/${props.customerId}/billing`;
  return (
    <section class="card" id="account" data-testid="customer-billing" hx-get={url} hx-trigger="load" hx-swap="innerHTML">
      <h2>Account</h2>
      <p class="muted">
        Loading the balance… <a href={`/app/customers/${props.customerId}/ledger`}>Open the account</a>
      </p>
    </section>
  );
}

export function CustomerBillingContent(props: { principal: StaffPrincipal; data: CustomerBillingSection }) {
  const { balance, locale } = props.data;
  const c = balance.customer;
  const manage = can(props.principal.actor, 'billing.manage');
  const money = (minor: number) => <Money minor={minor} currency={balance.currency} locale={locale} />;
  const ledger = `/app/customers/${c.id}/ledger`;
  return (
    <>
      <h2>Account</h2>
      <BalanceLine balance={balance} locale={locale} />
      <p class="actions">
        {manage ? (
          <a class="button" href={`/app/invoices/new?customerId=${c.id}`}>
            New invoice
          </a>
        ) : null}{' '}
        <a href={ledger}>Ledger</a> · <a href={`/app/customers/${c.id}/statement`}>Statement</a> · <a href={`/app/invoices?customerId=${c.id}`}>All invoices</a>
        {manage ? (
          <>
            {' · '}
            {balance.creditAvailableMinor > 0 ? (
              <>
                <a href={`${ledger}#refund`}>Refund credit</a>
                {' · '}
              </>
            ) : null}
            <a href={`${ledger}#adjust`}>Adjust balance</a>
          </>
        ) : null}
      </p>
      <h3>Open invoices</h3>
      {balance.openInvoices.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <table class="stack" data-testid="open-invoices">
          <thead>
            <tr>
              <th>Invoice</th>
              <th>Total</th>
              <th>Due</th>
            </tr>
          </thead>
          <tbody>
            {balance.openInvoices.map((i) => (
              <tr>
                <td data-label="Invoice">
                  <a href={`/app/invoices/${i.id}`}>{i.number}</a>
                </td>
                <td data-label="Total">{money(i.totalMinor)}</td>
                <td data-label="Due">{money(i.dueMinor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {balance.creditAvailableMinor > 0 ? (
        <p>
          Credit on the account: {money(balance.creditAvailableMinor)} <span class="muted">(applied to the next invoice, or refunded)</span>
        </p>
      ) : null}
      <h3>Pending charges</h3>
      {props.data.pendingCharges.length === 0 ? (
        <p class="muted">None: the next invoice bills only the plan.</p>
      ) : (
        <table class="stack" data-testid="pending-charges">
          <thead>
            <tr>
              <th>Charge</th>
              <th>Qty</th>
              <th>Unit price</th>
              {manage ? <th></th> : null}
            </tr>
          </thead>
          <tbody>
            {props.data.pendingCharges.map((ch) => (
              <tr>
                <td data-label="Charge">
                  {ch.description} <span class="muted">{CHARGE_KIND_LABELS[ch.kind]}</span>
                </td>
                <td data-label="Qty">{ch.quantity}</td>
                <td data-label="Unit price">{money(Number(ch.unit_price_minor))}</td>
                {manage ? (
                  <td>
                    <ActionButton action={`/app/charges/${ch.id}/cancel`} csrfToken={props.principal.csrfToken} label="Cancel" />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {manage ? (
        <details>
          <summary>Add a charge</summary>
          <form method="post" action={`/app/customers/${c.id}/charges`} novalidate>
            <CsrfField token={props.principal.csrfToken} />
            <FormKey />
            <LineFields values={{ kind: 'installation_fee' }} errors={{}} currency={balance.currency} />
            <button type="submit" class="secondary">
              Add charge
            </button>
          </form>
        </details>
      ) : null}
      <h3>Recent entries</h3>
      <LedgerTable entries={props.data.recentEntries} locale={locale} />
    </>
  );
}
