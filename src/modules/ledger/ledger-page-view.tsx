/**
 * /app/customers/:id/ledger: the customer's account entry by entry with the running
 * balance, and the forms that correct it (refund credit, adjust the balance). Also the
 * add-charge page a charge with a wrong field comes back to.
 */
import type { StaffPrincipal } from '../../http/principal.ts';
import { formatMoney } from '../../lib/money.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { can } from '../context.ts';
import { SelectField } from '../installations/form-fields.tsx';
import { FormKey, LineFields, Money } from '../invoices/billing-widgets.tsx';
import type { StaffLineInput } from '../invoices/staff-line.ts';
import type { CustomerBalance, CustomerRef, LedgerEntry } from './customer-billing.ts';
import type { CreditSourceView } from './ledger-queries.ts';
import { BalanceLine, LedgerTable } from './ledger-widgets.tsx';
import { REFUND_METHODS } from './refund-credit.ts';
import { PAYMENT_METHODS } from '../billing/payment-methods.ts';
import { ownValue } from '../../lib/own-value.ts';


export interface LedgerForms {
  which?: 'refund' | 'adjust';
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string | undefined;
}

export function LedgerPage(props: {
  principal: StaffPrincipal;
  balance: CustomerBalance & { credit: CreditSourceView[] };
  entries: LedgerEntry[];
  nextCursor: string | null;
  firstPage: boolean;
  locale: string;
  notice?: string | undefined;
  forms: LedgerForms;
}) {
  const { balance, locale, forms } = props;
  const c = balance.customer;
  const path = `/app/customers/${c.id}/ledger`;
  const manage = can(props.principal.actor, 'billing.manage');
  const money = (minor: number) => <Money minor={minor} currency={balance.currency} locale={locale} />;
  const v = (which: LedgerForms['which'], k: string) => (forms.which === which ? forms.values[k] : undefined);
  const e = (which: LedgerForms['which'], k: string) => (forms.which === which ? forms.errors[k] : undefined);
  return (
    <AppPage title={`Account of ${c.name}`} principal={props.principal} active="/app/customers">
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <p class="customer-head">
        <a href={`/app/customers/${c.id}`}>{c.name}</a> <span class="account-number">{c.accountNumber}</span> · <a href={`/app/customers/${c.id}/statement`}>Statement</a>
      </p>
      <section class="card">
        <BalanceLine balance={balance} locale={locale} />
        <p class="muted">
          Due on open invoices: {money(balance.openInvoicesDueMinor)} · Credit not yet applied: {money(balance.creditAvailableMinor)}
        </p>
      </section>
      <section class="card" id="entries">
        <h2>Entries</h2>
        <p class="muted">Newest first. Nothing here is ever changed: corrections are new entries.</p>
        <LedgerTable entries={props.entries} locale={locale} />
        <p class="list-footer">
          {props.firstPage ? null : <a href={path}>First page</a>}{' '}
          {props.nextCursor ? (
            <a href={`${path}?cursor=${encodeURIComponent(props.nextCursor)}`} rel="next">
              Older entries →
            </a>
          ) : null}
        </p>
      </section>
      {manage && balance.credit.length > 0 ? (
        <section class="card" id="refund">
          <h2>Refund credit</h2>
          <form method="post" action={`/app/customers/${c.id}/refunds`} novalidate>
            <CsrfField token={props.principal.csrfToken} />
            <FormKey />
            <FormError message={forms.which === 'refund' ? forms.message : undefined} />
            <div class="filters">
              <SelectField
                label="From"
                name="sourceId"
                options={balance.credit.map((s) => ({ value: s.id, label: `${s.label}: ${formatMoney(s.remainingMinor, balance.currency, locale)} left` }))}
                value={v('refund', 'sourceId')}
                error={e('refund', 'sourceId')}
              />
              <Field label={`Amount (${balance.currency})`} name="amount" value={v('refund', 'amount')} error={e('refund', 'amount')} />
              <SelectField label="Paid by" name="method" options={REFUND_METHODS.map((m) => ({ value: m, label: ownValue(PAYMENT_METHODS, m) ?? m }))} value={v('refund', 'method')} error={e('refund', 'method')} />
              <Field label="Reference" name="reference" value={v('refund', 'reference')} error={e('refund', 'reference')} hint="Bank, cheque or e-wallet reference" />
              <Field label="Reason" name="reason" value={v('refund', 'reason')} error={e('refund', 'reason')} />
            </div>
            <button type="submit">Record refund</button>
          </form>
        </section>
      ) : null}
      {manage ? (
        <section class="card" id="adjust">
          <h2>Adjust balance</h2>
          <p class="muted">For what no document explains (an opening balance from another system, an agreed write-off). It pays no invoice; to credit an invoice, issue a credit note on it.</p>
          <form method="post" action={`/app/customers/${c.id}/adjustments`} novalidate>
            <CsrfField token={props.principal.csrfToken} />
            <FormKey />
            <FormError message={forms.which === 'adjust' ? forms.message : undefined} />
            <div class="filters">
              <Field label={`Amount (${balance.currency})`} name="amount" value={v('adjust', 'amount')} error={e('adjust', 'amount')} hint="Positive: owes more. Negative (-250.00): owes less" />
              <Field label="Reason" name="reason" value={v('adjust', 'reason')} error={e('adjust', 'reason')} />
              <div class="field">
                <button type="submit" class="secondary">
                  Adjust
                </button>
              </div>
            </div>
          </form>
        </section>
      ) : null}
    </AppPage>
  );
}

export function AddChargePage(props: {
  principal: StaffPrincipal;
  customer: CustomerRef;
  services: { id: string; label: string }[];
  currency: string;
  values: StaffLineInput;
  errors: Record<string, string>;
  message?: string | undefined;
}) {
  const c = props.customer;
  return (
    <AppPage title={`Add a charge for ${c.name}`} principal={props.principal} active="/app/customers">
      <p class="muted">The charge waits for the customer’s next invoice (the billing run’s, or a one-off invoice made from the customer page).</p>
      <form method="post" action={`/app/customers/${c.id}/charges`} novalidate>
        <CsrfField token={props.principal.csrfToken} />
        <FormKey />
        <FormError message={props.message} />
        <LineFields values={props.values} errors={props.errors} currency={props.currency} services={props.services} />
        <p class="actions">
          <button type="submit">Add charge</button> <a href={`/app/customers/${c.id}`}>Cancel</a>
        </p>
      </form>
    </AppPage>
  );
}
