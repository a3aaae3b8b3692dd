/**
 * The statement of account page: a date range form, the opening balance, each entry with
 * the balance after it, the closing balance, and the same statement as a PDF download.
 * Document numbers link to their PDFs.
 */
import type { StaffPrincipal } from '../../http/principal.ts';
import { formatMoney } from '../../lib/money.ts';
import { AppPage, Field, FormError } from '../../views/layout.tsx';
import { formatCalendarDate } from './document-format.ts';
import type { Statement, StatementEntry } from './get-statement.ts';

export interface StatementPageProps {
  principal: StaffPrincipal;
  customer: { id: string; name: string; accountNumber: string };
  locale: string;
  /** Absent when the range was refused (errors say why). */
  statement: Statement | null;
  values: { from: string; to: string };
  errors: Record<string, string>;
}

const PDF_PATHS: Partial<Record<StatementEntry['documentType'], string>> = {
  invoice: '/app/invoices',
  receipt: '/app/receipts',
  credit_note: '/app/credit-notes',
};

function DocumentCell(props: { entry: StatementEntry }) {
  const { entry } = props;
  const base = PDF_PATHS[entry.documentType];
  if (!entry.documentNumber) return <td></td>;
  return <td>{base ? <a href={`${base}/${entry.documentId}/pdf`}>{entry.documentNumber}</a> : entry.documentNumber}</td>;
}

export function StatementPage(props: StatementPageProps) {
  const { customer, statement: s, locale } = props;
  const money = (minor: number) => formatMoney(minor, s?.currency ?? 'USD', locale);
  const date = (d: string) => formatCalendarDate(d, locale);
  const base = `/app/customers/${customer.id}/statement`;
  return (
    <AppPage title={`Statement of account: ${customer.name}`} principal={props.principal} active="/app/customers">
      <p>
        <a href={`/app/customers/${customer.id}`}>{customer.name}</a> <span class="muted">{customer.accountNumber}</span>
      </p>
      <FormError message={Object.keys(props.errors).length > 0 ? 'Please fix the dates. No statement was made.' : undefined} />
      <form method="get" action={base} class="filters" data-testid="statement-range">
        <Field label="From" name="from" type="date" value={props.values.from} error={props.errors.from} />
        <Field label="To" name="to" type="date" value={props.values.to} error={props.errors.to} />
        <div class="field">
          <button type="submit" class="secondary">
            Show
          </button>
        </div>
      </form>
      {s ? (
        <>
          <p class="actions">
            <a class="button" href={`${base}.pdf?${new URLSearchParams({ from: s.from, to: s.to }).toString()}`} data-testid="statement-pdf">
              Download PDF
            </a>
          </p>
          <div class="table-scroll">
            <table data-testid="statement">
              <thead>
                <tr>
                  <th>Date</th>
                  <th>Document</th>
                  <th>Description</th>
                  <th>Charges</th>
                  <th>Credits</th>
                  <th>Balance</th>
                </tr>
              </thead>
              <tbody>
                <tr data-testid="opening-balance">
                  <td>{date(s.from)}</td>
                  <td></td>
                  <th scope="row">Opening balance</th>
                  <td></td>
                  <td></td>
                  <td>{money(s.openingBalanceMinor)}</td>
                </tr>
                {s.entries.map((e) => (
                  <tr data-entry-id={e.id}>
                    <td>{date(e.effectiveOn)}</td>
                    <DocumentCell entry={e} />
                    <td>{e.description}</td>
                    <td>{e.amountMinor > 0 ? money(e.amountMinor) : ''}</td>
                    <td>{e.amountMinor < 0 ? money(-e.amountMinor) : ''}</td>
                    <td>{money(e.balanceMinor)}</td>
                  </tr>
                ))}
                <tr data-testid="closing-balance">
                  <td>{date(s.to)}</td>
                  <td></td>
                  <th scope="row">Closing balance</th>
                  <td></td>
                  <td></td>
                  <td>{money(s.closingBalanceMinor)}</td>
                </tr>
              </tbody>
            </table>
          </div>
          {s.entries.length === 0 ? <p class="muted">Nothing was charged or paid in this period.</p> : null}
        </>
      ) : null}
    </AppPage>
  );
}
