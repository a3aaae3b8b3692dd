/** What htmx loads into the customer page's payments slot (CustomerPaymentsSlot in payment-views.tsx). */
import type { StaffPrincipal } from '../../http/principal.ts';
import { can } from '../context.ts';
import type { CustomerPayments } from './get-customer-payments.ts';
import { PaymentTable } from './payment-views.tsx';
import { Money } from './payment-widgets.tsx';

export function CustomerPaymentsContent(props: { principal: StaffPrincipal; data: CustomerPayments }) {
  const { data } = props;
  const collect = can(props.principal.actor, 'payments.collect');
  const fmt = { currency: data.currency, locale: data.locale, timeZone: data.timeZone };
  return (
    <>
      <h2>Payments</h2>
      <p class="actions">
        {collect ? (
          <a class="button" href={`/app/payments/new?customerId=${data.customerId}`}>
            Record payment
          </a>
        ) : null}{' '}
        <a href={`/app/payments?customerId=${data.customerId}`}>All payments</a> · <a href={`/app/receipts?customerId=${data.customerId}`}>Receipts</a>
        {data.creditMinor > 0 ? (
          <span class="muted">
            {' '}
            · credit on the account <Money minor={data.creditMinor} currency={data.currency} locale={data.locale} />
          </span>
        ) : null}
      </p>
      {data.prepaidServices.length > 0 ? (
        <>
          <h3>Prepaid time</h3>
          <table class="stack" data-testid="prepaid-services">
            <thead>
              <tr>
                <th>Service</th>
                <th>Status</th>
                <th>Paid until</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {data.prepaidServices.map((s) => (
                <tr>
                  <td data-label="Service">
                    <a href={`/app/services/${s.id}`}>{s.planName}</a>
                  </td>
                  <td data-label="Status">{s.status}</td>
                  <td data-label="Paid until">{s.paidUntil ?? <span class="muted">never paid</span>}</td>
                  <td>
                    {collect ? (
                      <a class="button secondary" href={`/app/services/${s.id}/top-up`}>
                        Top up
                      </a>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h3>Latest payments</h3>
      {data.payments.length === 0 ? <p class="muted">No payments yet.</p> : <PaymentTable items={data.payments} fmt={fmt} showCustomer={false} />}
      {data.more ? (
        <p>
          <a href={`/app/payments?customerId=${data.customerId}`}>Older payments</a>
        </p>
      ) : null}
    </>
  );
}
