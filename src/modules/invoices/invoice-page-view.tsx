/**
 * /app/invoices/:id: one invoice with its lines, taxes, totals, allocations and credit
 * notes, and the actions its status allows. A draft takes lines and is finalized; a
 * finalized invoice never changes: it is credited, voided (or voided and reissued), or
 * marked uncollectible.
 */
import type { StaffPrincipal } from '../../http/principal.ts';
import { formatDateTime } from '../../lib/zoned-time.ts';
import { AppPage, CsrfField, FormError } from '../../views/layout.tsx';
import { formatRate } from '../billing/line-tax.ts';
import { ActionButton } from '../installations/form-fields.tsx';
import { FormKey, InvoiceStatusBadge, LineFields, Money } from './billing-widgets.tsx';
import type { InvoiceDetail } from './get-invoice.ts';
import { INVOICES_PATH } from './invoice-list-view.tsx';
import { CHARGE_KIND_LABELS, type StaffLineInput } from './staff-line.ts';
import { CreditNotesSection, FinalizedActions } from './invoice-corrections-view.tsx';

const KIND_LABELS: Record<string, string> = { recurring: 'Recurring', prepaid: 'Prepaid time', plan_change: 'Plan change', one_off: 'One-off' };
const LINE_KIND_LABELS: Record<string, string> = { ...CHARGE_KIND_LABELS, service: 'Service', prepaid_time: 'Prepaid time' };
const SOURCE_LABELS: Record<string, string> = { payment: 'Payment', credit_note: 'Credit note', credit_invoice: 'Credit invoice' };

/** "VAT 12%", "VAT 12% incl."; a name that already says its rate is not repeated. */
function taxLabel(name: string, ratePpm: number, inclusive: boolean): string {
  const rate = formatRate(ratePpm);
  return `${name.includes(rate) ? name : `${name} ${rate}`}${inclusive ? ' incl.' : ''}`;
}

const sourceText = (a: { sourceKind: string; sourceLabel: string }) => `${SOURCE_LABELS[a.sourceKind] ?? a.sourceKind}${a.sourceLabel ? ` ${a.sourceLabel}` : ''}`;

export interface InvoicePageForms {
  line?: StaffLineInput | undefined;
  creditNote?: { amount?: string | undefined; reason?: string | undefined } | undefined;
  voidReason?: string | undefined;
}

export interface InvoicePageProps {
  principal: StaffPrincipal;
  detail: InvoiceDetail;
  services: { id: string; label: string }[];
  canManage: boolean;
  timeZone: string;
  locale: string;
  notice?: string | undefined;
  error?: string | undefined;
  errors: Record<string, string>;
  forms: InvoicePageForms;
}

export function InvoicePage(props: InvoicePageProps) {
  const { detail: d, locale } = props;
  const i = d.invoice;
  const money = (minor: number) => <Money minor={minor} currency={i.currency} locale={locale} />;
  const path = `${INVOICES_PATH}/${i.id}`;
  const title = i.number ? `Invoice ${i.number}` : 'Draft invoice';
  return (
    <AppPage title={title} principal={props.principal} active={INVOICES_PATH}>
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <FormError message={props.error} />
      <p class="customer-head">
        <InvoiceStatusBadge status={i.status} /> <span class="muted">{KIND_LABELS[i.kind] ?? i.kind}</span> ·{' '}
        <a href={`/app/customers/${d.customer.id}`}>{d.customer.name}</a> <span class="muted">{d.customer.accountNumber}</span>
        {i.number ? (
          <>
            {' · '}
            <a href={`${path}/pdf`}>PDF</a>
          </>
        ) : null}
      </p>
      <section class="card" id="details">
        <h2>Details</h2>
        <dl>
          <dt>Issued</dt>
          <dd>{i.issued_on ?? <span class="muted">Not yet: a draft</span>}</dd>
          <dt>Due</dt>
          <dd>{i.due_on ?? <span class="muted">—</span>}</dd>
          {i.period_start ? (
            <>
              <dt>Service period</dt>
              <dd>
                {i.period_start} to {i.period_end} <span class="muted">(end exclusive)</span>
              </dd>
            </>
          ) : null}
          {i.memo ? (
            <>
              <dt>Memo</dt>
              <dd class="pre">{i.memo}</dd>
            </>
          ) : null}
          {i.void_reason ? (
            <>
              <dt>Voided</dt>
              <dd>
                {i.voided_at ? formatDateTime(i.voided_at, props.timeZone, locale) : null}: {i.void_reason}
              </dd>
            </>
          ) : null}
          <dt>Created by</dt>
          <dd>{i.created_by_label || <span class="muted">the billing run</span>}</dd>
        </dl>
        {i.status === 'void' && i.period_start && (i.kind === 'recurring' || i.kind === 'prepaid') ? (
          <p class="notice" data-testid="period-freed">
            This invoice billed a service period. Voiding it freed that period for a new invoice; nothing else moved (the service’s billed-until date and any prepaid time are as they were).
          </p>
        ) : null}
      </section>
      <LinesSection {...props} />
      {i.status === 'draft' && props.canManage ? <DraftActions {...props} /> : null}
      {d.allocations.length > 0 ? (
        <section class="card" id="allocations">
          <h2>Payments and credits applied</h2>
          <table class="stack" data-testid="allocations">
            <thead>
              <tr>
                <th>When</th>
                <th>From</th>
                <th>To</th>
                <th>Amount</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {d.allocations.map((a) => (
                <tr class={a.reversed ? 'muted' : undefined}>
                  <td data-label="When">{formatDateTime(a.createdAt, props.timeZone, locale)}</td>
                  <td data-label="From">
                    {a.sourceHref ? <a href={a.sourceHref}>{sourceText(a)}</a> : sourceText(a)}
                  </td>
                  <td data-label="To">{a.invoiceNumber}</td>
                  <td data-label="Amount">
                    {money(a.amountMinor)}
                    {a.reversesId ? <span class="muted"> (reversal)</span> : a.reversed ? <span class="muted"> (reversed)</span> : null}
                  </td>
                  <td data-label="By">{a.actorLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <CreditNotesSection {...props} />
      {i.status !== 'draft' && props.canManage ? <FinalizedActions {...props} /> : null}
    </AppPage>
  );
}

function LinesSection(props: InvoicePageProps) {
  const { detail: d, locale } = props;
  const i = d.invoice;
  const money = (minor: number) => <Money minor={minor} currency={i.currency} locale={locale} />;
  const editable = i.status === 'draft' && props.canManage;
  return (
    <section class="card" id="lines">
      <h2>Lines</h2>
      {d.lines.length === 0 ? <p class="muted">No lines yet: add one below before finalizing.</p> : null}
      <table class="stack" data-testid="invoice-lines">
        <thead>
          <tr>
            <th>Description</th>
            <th>Qty</th>
            <th>Unit price</th>
            <th>Tax</th>
            <th>Net</th>
            <th>Tax amount</th>
            <th>Total</th>
            {editable ? <th></th> : null}
          </tr>
        </thead>
        <tbody>
          {d.lines.map((l) => (
            <tr data-line-id={l.id}>
              <td data-label="Description">
                {l.description} <span class="muted">{LINE_KIND_LABELS[l.kind] ?? l.kind}</span>
                {l.period_start ? <div class="muted">{`${l.period_start} to ${l.period_end}`}</div> : null}
              </td>
              <td data-label="Qty">{l.quantity}</td>
              <td data-label="Unit price">{money(Number(l.unit_price_minor))}</td>
              <td data-label="Tax">{l.tax_name ? taxLabel(l.tax_name, Number(l.tax_rate_ppm), l.tax_inclusive) : <span class="muted">none</span>}</td>
              <td data-label="Net">{money(Number(l.net_minor))}</td>
              <td data-label="Tax amount">{money(Number(l.tax_minor))}</td>
              <td data-label="Total">{money(Number(l.total_minor))}</td>
              {editable ? (
                <td>
                  <ActionButton action={`${INVOICES_PATH}/${i.id}/lines/${l.id}/delete`} csrfToken={props.principal.csrfToken} label="Remove" />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <dl data-testid="invoice-totals">
        <dt>Subtotal</dt>
        <dd>{money(Number(i.subtotal_minor))}</dd>
        <dt>Tax</dt>
        <dd>{money(Number(i.tax_minor))}</dd>
        <dt>Total</dt>
        <dd>
          <strong>{money(Number(i.total_minor))}</strong>
        </dd>
        {i.status !== 'draft' ? (
          <>
            <dt>Paid or credited</dt>
            <dd>{money(d.allocatedMinor)}</dd>
            <dt>Due</dt>
            <dd data-testid="amount-due">
              <strong>{money(d.dueMinor)}</strong>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

function DraftActions(props: InvoicePageProps) {
  const i = props.detail.invoice;
  return (
    <section class="card" id="edit">
      <h2>Add a line</h2>
      <form method="post" action={`${INVOICES_PATH}/${i.id}/lines`} novalidate>
        <CsrfField token={props.principal.csrfToken} />
        <LineFields values={props.forms.line ?? {}} errors={props.errors} currency={i.currency} services={props.services} />
        <button type="submit" class="secondary">
          Add line
        </button>
      </form>
      <h2>Finalize</h2>
      <p class="muted">
        Finalizing gives the invoice the next number, today’s date and a due date, freezes the customer’s details on it and posts it to the ledger; any credit the customer has is applied. It
        cannot be edited afterwards. A draft is never deleted: to drop it, remove its lines (charges on it go back to pending).
      </p>
      <form method="post" action={`${INVOICES_PATH}/${i.id}/finalize`} class="inline">
        <CsrfField token={props.principal.csrfToken} />
        <FormKey />
        <button type="submit" disabled={props.detail.lines.length === 0}>
          Finalize invoice
        </button>
      </form>
    </section>
  );
}
