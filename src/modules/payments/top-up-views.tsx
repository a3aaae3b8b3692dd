/**
 * The prepaid top-up screen. Typing an amount asks the server (htmx, no write) what it buys,
 * so the cashier sees the new paid-until date before saving.
 */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { PAYMENT_METHODS } from '../billing/payment-methods.ts';
import { describeTimeBought } from './buy-prepaid-time.ts';
import type { TopUpForm } from './get-top-up-form.ts';
import { PAYMENT_METHOD_KEYS } from './payment-input.ts';
import { Money } from './payment-widgets.tsx';
import type { PrepaidQuote } from './prepaid-quote.ts';

export interface TopUpValues {
  amount?: string | undefined;
  method?: string | undefined;
  reference?: string | undefined;
  receivedOn?: string | undefined;
  notes?: string | undefined;
  idempotencyKey: string;
}

/** What the typed amount buys, or why it buys nothing (the fragment htmx swaps in). */
export function TopUpPreview(props: { quote?: PrepaidQuote | undefined; problem?: string | undefined; currency: string; locale: string }) {
  const { quote } = props;
  const money = (minor: number) => <Money minor={minor} currency={props.currency} locale={props.locale} />;
  if (props.problem) return <p class="muted" data-testid="top-up-preview">{props.problem}</p>;
  if (!quote) return <p class="muted" data-testid="top-up-preview">Type an amount to see the new paid-until date.</p>;
  const p = quote.purchase;
  return (
    <div data-testid="top-up-preview">
      <p>
        Buys <strong>{describeTimeBought(p, quote.service)}</strong>: from {p.from} until <strong data-testid="preview-until">{p.until}</strong>.
      </p>
      <p class="muted">
        Charged {money(p.chargedMinor)}
        {quote.creditMinor > 0 ? <> (credit already on the account: {money(quote.creditMinor)})</> : null}
        {quote.openDueMinor > 0 ? <>; {money(quote.openDueMinor)} first pays open invoices</> : null}
        {p.leftoverMinor > 0 ? <>; {money(p.leftoverMinor)} stays as credit</> : null}.
        {quote.reactivates ? ' The service comes back on.' : null}
      </p>
    </div>
  );
}

export function TopUpPage(props: {
  principal: StaffPrincipal;
  form: TopUpForm;
  values: TopUpValues;
  errors: Record<string, string>;
  message?: string | undefined;
  quote?: PrepaidQuote | undefined;
}) {
  const { form, values, errors } = props;
  const s = form.service;
  const previewUrl = `/app/services/${s.id}/top-up/preview`;
  return (
    <AppPage title={`Top up ${s.planName}`} principal={props.principal} active="/app/payments">
      <p>
        <a href={`/app/customers/${s.customerId}`}>{s.customerName}</a> <span class="muted">{s.accountNumber}</span> · <a href={`/app/services/${s.id}`}>Service</a>
      </p>
      <p data-testid="paid-until">
        {s.billedUntil ? <>Paid until {s.billedUntil}</> : <>No time bought yet</>} · <Money minor={s.priceMinor} currency={form.currency} locale={form.locale} /> per{' '}
        {s.periodCount === 1 ? s.periodUnit : `${s.periodCount} ${s.periodUnit}s`} · {s.status}
      </p>
      <form method="post" action={`/app/services/${s.id}/top-up`} novalidate class="card">
        <CsrfField token={props.principal.csrfToken} />
        <input type="hidden" name="idempotencyKey" value={values.idempotencyKey} />
        <FormError message={props.message} />
        <div class="filters">
          <div class={errors.amount ? 'field invalid' : 'field'}>
            <label for="f-amount">Amount ({form.currency})</label>
            <input
              id="f-amount"
              name="amount"
              value={values.amount ?? ''}
              inputmode="decimal"
              autocomplete="off"
              hx-get={previewUrl}
              hx-trigger="input changed delay:300ms"
              hx-target="#top-up-preview"
              hx-swap="innerHTML"
            />
            {errors.amount ? <small class="error">{errors.amount}</small> : null}
          </div>
          <div class={errors.method ? 'field invalid' : 'field'}>
            <label for="f-method">Method</label>
            <select id="f-method" name="method">
              {PAYMENT_METHOD_KEYS.map((m) => (
                <option value={m} selected={m === (values.method ?? 'cash')}>
                  {PAYMENT_METHODS[m]}
                </option>
              ))}
            </select>
            {errors.method ? <small class="error">{errors.method}</small> : null}
          </div>
          <Field label="Reference" name="reference" value={values.reference} error={errors.reference} hint="Required unless cash" />
          <Field label="Received on" name="receivedOn" type="date" value={values.receivedOn ?? form.today} error={errors.receivedOn} />
        </div>
        <Field label="Notes" name="notes" value={values.notes} error={errors.notes} />
        <div id="top-up-preview" aria-live="polite">
          <TopUpPreview quote={props.quote} currency={form.currency} locale={form.locale} />
        </div>
        <p>
          <button type="submit">Take payment and top up</button>
        </p>
      </form>
    </AppPage>
  );
}
