/** The payments list (search by reference, customer, method) and the form a cashier takes a payment with. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { PAYMENT_METHODS } from '../billing/payment-methods.ts';
import { can } from '../context.ts';
import type { PaymentForm } from './get-payment-form.ts';
import { PAYMENT_METHOD_KEYS } from './payment-input.ts';
import { Money, VoidMark, methodLabel, type MoneyFormat } from './payment-widgets.tsx';
import type { PaymentView } from './payments-repository.ts';

export interface PaymentListParams {
  q: string;
  customerId: string;
  method: string;
  cursor?: string | undefined;
}

function MethodSelect(props: { value: string | undefined; error?: string | undefined; anyLabel?: string }) {
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for="f-method">Method</label>
      <select id="f-method" name="method" aria-invalid={props.error ? 'true' : undefined}>
        {props.anyLabel !== undefined ? <option value="">{props.anyLabel}</option> : null}
        {PAYMENT_METHOD_KEYS.map((m) => (
          <option value={m} selected={m === props.value}>
            {PAYMENT_METHODS[m]}
          </option>
        ))}
      </select>
      {props.error ? <small class="error">{props.error}</small> : null}
    </div>
  );
}

export function PaymentTable(props: { items: PaymentView[]; fmt: MoneyFormat; showCustomer: boolean }) {
  const { fmt } = props;
  return (
    <table class="stack" data-testid="payments">
      <thead>
        <tr>
          <th>Received</th>
          {props.showCustomer ? <th>Customer</th> : null}
          <th>Amount</th>
          <th>Method</th>
          <th>Reference</th>
          <th>Collected by</th>
          <th>Receipt</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((p) => (
          <tr data-payment-id={p.id}>
            <td data-label="Received">{p.receivedOn}</td>
            {props.showCustomer ? (
              <td data-label="Customer">
                <a href={`/app/customers/${p.customerId}`}>{p.customerName}</a> <span class="muted">{p.accountNumber}</span>
              </td>
            ) : null}
            <td data-label="Amount">
              <Money minor={p.amountMinor} currency={p.currency} locale={fmt.locale} />
            </td>
            <td data-label="Method">{methodLabel(p.method)}</td>
            <td data-label="Reference">{p.reference || <span class="muted">—</span>}</td>
            <td data-label="Collected by">{p.collectedByLabel}</td>
            <td data-label="Receipt">
              <a href={`/app/receipts/${p.receiptId}`}>{p.receiptNumber}</a> {p.status === 'void' ? <VoidMark reason={p.voidReason} /> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PaymentListPage(props: { principal: StaffPrincipal; items: PaymentView[]; nextCursor: string | null; params: PaymentListParams; fmt: MoneyFormat }) {
  const { params } = props;
  const next = new URLSearchParams({ q: params.q, customerId: params.customerId, method: params.method, cursor: props.nextCursor ?? '' });
  return (
    <AppPage title="Payments" principal={props.principal} active="/app/payments">
      <p class="actions">
        <a href="/app/reports/cashier">Cashier’s day</a> · <a href="/app/receipts">Receipts</a>
      </p>
      <form method="get" action="/app/payments" class="filters">
        <Field label="Reference contains" name="q" value={params.q} />
        <MethodSelect value={params.method} anyLabel="Any method" />
        {params.customerId ? <input type="hidden" name="customerId" value={params.customerId} /> : null}
        <div class="field">
          <button type="submit" class="secondary">
            Search
          </button>
        </div>
      </form>
      {params.customerId ? (
        <p class="muted">
          One customer’s payments. <a href="/app/payments">All payments</a>
        </p>
      ) : null}
      {props.items.length === 0 ? <p class="muted">No payments found.</p> : <PaymentTable items={props.items} fmt={props.fmt} showCustomer={true} />}
      {props.nextCursor ? (
        <p>
          <a href={`/app/payments?${next.toString()}`}>Next page</a>
        </p>
      ) : null}
    </AppPage>
  );
}

export interface PaymentFormValues {
  amount?: string | undefined;
  method?: string | undefined;
  reference?: string | undefined;
  receivedOn?: string | undefined;
  notes?: string | undefined;
  invoiceIds?: string[] | undefined;
  idempotencyKey: string;
}

export function PaymentFormPage(props: { principal: StaffPrincipal; form: PaymentForm; values: PaymentFormValues; errors: Record<string, string>; message?: string | undefined }) {
  const { form, values, errors } = props;
  const c = form.customer;
  const money = (minor: number) => <Money minor={minor} currency={form.currency} locale={form.locale} />;
  const picked = new Set(values.invoiceIds ?? []);
  const invoiceError = Object.entries(errors).find(([field]) => field.startsWith('invoiceIds'))?.[1];
  return (
    <AppPage title="Record a payment" principal={props.principal} active="/app/payments">
      <p>
        <a href={`/app/customers/${c.id}`}>{c.name}</a> <span class="muted">{c.accountNumber}</span>
        {form.creditMinor > 0 ? <span class="muted"> · credit on the account {money(form.creditMinor)}</span> : null}
      </p>
      <form method="post" action="/app/payments" novalidate class="card">
        <CsrfField token={props.principal.csrfToken} />
        <input type="hidden" name="customerId" value={c.id} />
        {/* One key per form: a double click or a resubmitted page records the payment once. */}
        <input type="hidden" name="idempotencyKey" value={values.idempotencyKey} />
        <FormError message={props.message} />
        <div class="filters">
          <Field label={`Amount (${form.currency})`} name="amount" value={values.amount} error={errors.amount} />
          <MethodSelect value={values.method ?? 'cash'} error={errors.method} />
          <Field label="Reference" name="reference" value={values.reference} error={errors.reference} hint="Required unless cash" />
          <Field label="Received on" name="receivedOn" type="date" value={values.receivedOn ?? form.today} error={errors.receivedOn} />
        </div>
        <Field label="Notes" name="notes" value={values.notes} error={errors.notes} />
        <h3>Pay these invoices first</h3>
        {form.openInvoices.length === 0 ? (
          <p class="muted">No open invoices: the whole payment stays on the account as credit for the next invoice.</p>
        ) : (
          <>
            <p class="muted">Tick invoices to pay them first, top to bottom; anything left pays the oldest open invoices, then stays as credit.</p>
            {invoiceError ? <small class="error">{invoiceError}</small> : null}
            <table class="stack" data-testid="open-invoices">
              <thead>
                <tr>
                  <th>Pay first</th>
                  <th>Invoice</th>
                  <th>Total</th>
                  <th>Still due</th>
                </tr>
              </thead>
              <tbody>
                {form.openInvoices.map((i) => (
                  <tr>
                    <td data-label="Pay first">
                      <input type="checkbox" name="invoiceIds" value={i.id} checked={picked.has(i.id)} aria-label={`Pay ${i.number} first`} />
                    </td>
                    <td data-label="Invoice">
                      <a href={`/app/invoices/${i.id}`}>{i.number}</a>
                    </td>
                    <td data-label="Total">{money(i.totalMinor)}</td>
                    <td data-label="Still due">{money(i.dueMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <p>
          <button type="submit">Record payment and issue receipt</button>
        </p>
      </form>
    </AppPage>
  );
}

/** The one line the customer page adds: `<CustomerPaymentsSlot principal={principal} customerId={c.id} />`. */
export function CustomerPaymentsSlot(props: { principal: StaffPrincipal; customerId: string }) {
  if (!can(props.principal.actor, 'billing.read')) return null;
  return (
    <section class="card" id="payments" data-testid="customer-payments" hx-get={`/app/customers/${props.customerId}/payments`} hx-trigger="load" hx-swap="innerHTML">
      <h2>Payments</h2>
      <p class="muted">
        Loading… <a href={`/app/payments?customerId=${props.customerId}`}>This customer’s payments</a>
      </p>
    </section>
  );
}
