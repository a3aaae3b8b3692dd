/** The cashier's end-of-day page: per staff member and method, the totals, and the day's voided payments apart. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { formatDateTime } from '../../lib/zoned-time.ts';
import { AppPage, Field } from '../../views/layout.tsx';
import type { CashierReport, CurrencyTotal, MethodTotal } from './get-cashier-report.ts';
import { Money, methodLabel, type MoneyFormat } from './payment-widgets.tsx';

function MethodRows(props: { rows: MethodTotal[]; totals: CurrencyTotal[]; locale: string; testid: string }) {
  return (
    <table class="stack" data-testid={props.testid}>
      <thead>
        <tr>
          <th>Method</th>
          <th>Payments</th>
          <th>Amount</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((m) => (
          <tr>
            <td data-label="Method">{methodLabel(m.method)}</td>
            <td data-label="Payments">{m.count}</td>
            <td data-label="Amount">
              <Money minor={m.amountMinor} currency={m.currency} locale={props.locale} />
            </td>
          </tr>
        ))}
        {props.totals.map((t) => (
          <tr class="total">
            <td data-label="Method">
              <strong>Total</strong>
            </td>
            <td data-label="Payments">{t.count}</td>
            <td data-label="Amount">
              <strong>
                <Money minor={t.amountMinor} currency={t.currency} locale={props.locale} />
              </strong>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CashierPage(props: { principal: StaffPrincipal; report: CashierReport; fmt: MoneyFormat; dateError?: string | undefined }) {
  const { report, fmt } = props;
  return (
    <AppPage title="Cashier’s day" principal={props.principal} active="/app/payments">
      <form method="get" action="/app/reports/cashier" class="filters">
        <Field label="Date" name="date" type="date" value={report.date} error={props.dateError} />
        <div class="field">
          <button type="submit" class="secondary">
            Show
          </button>
        </div>
      </form>
      <p class="muted">
        Posted payments received on {report.date}
        {report.date === report.today ? ' (today)' : ''}. <a href="/app/payments">All payments</a>
      </p>
      {report.collectors.length === 0 ? (
        <p class="muted">Nobody collected anything on this day.</p>
      ) : (
        <>
          {report.collectors.map((c) => (
            <section class="card" data-testid="collector">
              <h2>{c.label}</h2>
              <MethodRows rows={c.byMethod} totals={c.totals} locale={fmt.locale} testid="collector-methods" />
            </section>
          ))}
          <section class="card">
            <h2>Everyone</h2>
            <MethodRows rows={report.byMethod} totals={report.totals} locale={fmt.locale} testid="day-totals" />
          </section>
        </>
      )}
      <section class="card">
        <h2>Voided</h2>
        {report.voided.length === 0 ? (
          <p class="muted">No payment of this day was voided.</p>
        ) : (
          <table class="stack" data-testid="voided">
            <thead>
              <tr>
                <th>Receipt</th>
                <th>Collected by</th>
                <th>Method</th>
                <th>Amount</th>
                <th>Voided</th>
              </tr>
            </thead>
            <tbody>
              {report.voided.map((v) => (
                <tr>
                  <td data-label="Receipt">
                    <a href={`/app/receipts/${v.receiptId}`}>{v.receiptNumber}</a>
                  </td>
                  <td data-label="Collected by">{v.collectedByLabel}</td>
                  <td data-label="Method">
                    {methodLabel(v.method)}
                    {v.reference ? ` · ${v.reference}` : null}
                  </td>
                  <td data-label="Amount">
                    <Money minor={v.amountMinor} currency={v.currency} locale={fmt.locale} />
                  </td>
                  <td data-label="Voided">
                    {formatDateTime(v.voidedAt, fmt.timeZone, fmt.locale)} by {v.voidedByLabel}: {v.voidReason}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AppPage>
  );
}
