/** The balance line and the ledger table shared by the customer's billing section and ledger page. */
import { formatMoney } from '../../lib/money.ts';
import type { LedgerEntryType } from '../../db/schema.ts';
import { Money } from '../invoices/billing-widgets.tsx';
import type { CustomerBalance, LedgerEntry } from './customer-billing.ts';

const ENTRY_LABELS: Record<LedgerEntryType, string> = {
  invoice: 'Invoice',
  invoice_void: 'Invoice voided',
  payment: 'Payment',
  payment_void: 'Payment voided',
  credit_note: 'Credit note',
  refund: 'Refund',
  adjustment: 'Adjustment',
};

/** Where an entry's document is shown; null when it has no page of its own. */
export function documentHref(e: LedgerEntry): string | null {
  if (e.document.type === 'invoice') return `/app/invoices/${e.document.id}`;
  if (e.document.type === 'credit_note') return `/app/credit-notes/${e.document.id}`;
  if (e.document.type === 'payment' && e.receiptId) return `/app/receipts/${e.receiptId}`;
  return null;
}

export function BalanceLine(props: { balance: Pick<CustomerBalance, 'balanceMinor' | 'currency' | 'standing'>; locale: string }) {
  const { balanceMinor, currency, standing } = props.balance;
  const text = standing === 'owes' ? 'Owes' : standing === 'in_credit' ? 'In credit' : 'Settled';
  return (
    <p class="balance" data-testid="balance" data-standing={standing}>
      <strong>{text}</strong> {standing === 'settled' ? null : formatMoney(Math.abs(balanceMinor), currency, props.locale)}
    </p>
  );
}

export function LedgerTable(props: { entries: LedgerEntry[]; locale: string }) {
  if (props.entries.length === 0) return <p class="muted">Nothing on the account yet.</p>;
  return (
    <table class="stack" data-testid="ledger">
      <thead>
        <tr>
          <th>Date</th>
          <th>Entry</th>
          <th>Description</th>
          <th>Amount</th>
          <th>Balance</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e) => {
          const href = documentHref(e);
          const label = `${ENTRY_LABELS[e.entryType]}${e.document.number ? ` ${e.document.number}` : ''}`;
          return (
            <tr data-entry-type={e.entryType}>
              <td data-label="Date">{e.effectiveOn}</td>
              <td data-label="Entry">{href ? <a href={href}>{label}</a> : label}</td>
              <td data-label="Description">{e.description}</td>
              <td data-label="Amount">
                <Money minor={e.amountMinor} currency={e.currency} locale={props.locale} />
              </td>
              <td data-label="Balance">
                <Money minor={e.balanceAfterMinor} currency={e.currency} locale={props.locale} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
