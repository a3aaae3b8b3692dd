/** /app/invoices: every invoice, newest first, with a status filter and a search by number. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, Field } from '../../views/layout.tsx';
import { ListFooter, type ListParams } from '../../views/list-controls.tsx';
import { SelectField } from '../installations/form-fields.tsx';
import { INVOICE_STATUS_LABELS, InvoiceStatusBadge, Money } from './billing-widgets.tsx';
import type { InvoiceSummary } from './list-invoices.ts';

export const INVOICES_PATH = '/app/invoices';
const STATUS_OPTIONS = Object.entries(INVOICE_STATUS_LABELS).map(([value, label]) => ({ value, label }));

export function InvoiceListPage(props: { principal: StaffPrincipal; items: InvoiceSummary[]; nextCursor: string | null; params: ListParams; errors: Record<string, string>; locale: string }) {
  const { params } = props;
  return (
    <AppPage title="Invoices" principal={props.principal} active={INVOICES_PATH}>
      <p class="muted">To bill a one-off charge, open the customer and choose “New invoice”. Recurring invoices come from the billing run.</p>
      <form method="get" action={INVOICES_PATH} class="filters" role="search">
        <Field label="Number" name="q" type="search" value={params.q} error={props.errors.q} hint="All or part of the invoice number" />
        <SelectField label="Status" name="status" options={STATUS_OPTIONS} value={params.status} placeholder="Any" error={props.errors.status} />
        {params.customerId ? <input type="hidden" name="customerId" value={params.customerId} /> : null}
        <div class="field">
          <button type="submit" class="secondary">
            Filter
          </button>
        </div>
      </form>
      <div class="table-scroll">
        <table class="stack" data-testid="invoices">
          <thead>
            <tr>
              <th>Number</th>
              <th>Customer</th>
              <th>Status</th>
              <th>Issued</th>
              <th>Due</th>
              <th>Total</th>
              <th>Paid or credited</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((i) => (
              <tr data-invoice-id={i.id}>
                <td data-label="Number">
                  <a href={`${INVOICES_PATH}/${i.id}`}>{i.number ?? 'Draft'}</a>
                </td>
                <td data-label="Customer">
                  <a href={`/app/customers/${i.customerId}`}>{i.customerName}</a> <span class="muted">{i.accountNumber}</span>
                </td>
                <td data-label="Status">
                  <InvoiceStatusBadge status={i.status} />
                </td>
                <td data-label="Issued">{i.issuedOn ?? <span class="muted">—</span>}</td>
                <td data-label="Due">{i.dueOn ?? <span class="muted">—</span>}</td>
                <td data-label="Total">
                  <Money minor={i.totalMinor} currency={i.currency} locale={props.locale} />
                </td>
                <td data-label="Paid or credited">
                  <Money minor={i.allocatedMinor} currency={i.currency} locale={props.locale} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ListFooter path={INVOICES_PATH} params={params} nextCursor={props.nextCursor} count={props.items.length} />
    </AppPage>
  );
}
