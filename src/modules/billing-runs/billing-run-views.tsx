/** Pages of /app/billing: the run history with "run now", one run, and the dry-run preview. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { formatMoney } from '../../lib/money.ts';
import { formatDateTime } from '../../lib/zoned-time.ts';
import { AppPage, CsrfField, FormError } from '../../views/layout.tsx';
import type { BillingRunRow } from './billing-runs-repository.ts';
import type { BillingPreview } from './preview-billing.ts';
import type { BillingRunInvoice } from './get-billing-run.ts';

export interface Zone {
  timeZone: string;
  locale: string;
  currency: string;
}

const TRIGGER_LABELS = { cli: 'Command line', schedule: 'Nightly schedule', staff: 'Staff' } as const;
const STATUS_LABELS = { running: 'Running', completed: 'Completed', failed: 'Failed', interrupted: 'Interrupted (resumed by a later run)' } as const;

function Totals(props: { totals: Record<string, number>; locale: string }) {
  const entries = Object.entries(props.totals);
  if (entries.length === 0) return <span class="muted">Nothing</span>;
  return <>{entries.map(([currency, minor]) => formatMoney(Number(minor), currency, props.locale)).join(', ')}</>;
}

function DateForm(props: { action: string; method: 'get' | 'post'; label: string; button: string; value?: string | undefined; error?: string | undefined; csrf?: string }) {
  return (
    <form method={props.method} action={props.action} class="inline-form">
      {props.csrf ? <CsrfField token={props.csrf} /> : null}
      <div class={props.error ? 'field invalid' : 'field'}>
        <label for={`${props.action}-date`}>{props.label}</label>
        <input id={`${props.action}-date`} type="date" name="date" value={props.value ?? ''} aria-invalid={props.error ? 'true' : undefined} />
        {props.error ? <small class="error">{props.error}</small> : null}
      </div>
      <button type="submit">{props.button}</button>
    </form>
  );
}

export function BillingRunsPage(props: { principal: StaffPrincipal; runs: BillingRunRow[]; zone: Zone; canRun: boolean; error?: string | undefined; notice?: string | undefined }) {
  const { zone } = props;
  return (
    <AppPage title="Billing" principal={props.principal} active="/app/billing">
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <FormError message={props.error} />
      {props.canRun ? (
        <section class="card">
          <h2>Run billing</h2>
          <p class="muted">
            Every night each company is billed after its billing hour. Running it by hand is safe: a second run for the same date creates nothing. Look at the dry
            run first to see what a date would invoice, credit and expire.
          </p>
          <DateForm action="/app/billing/preview" method="get" label="Billing date (blank: tomorrow)" button="Dry run" />
          <DateForm action="/app/billing/runs" method="post" csrf={props.principal.csrfToken} label="Billing date (blank: today)" button="Run billing now" error={props.error} />
        </section>
      ) : null}
      <section class="card">
        <h2>Run history</h2>
        {props.runs.length === 0 ? (
          <p class="muted">No billing run yet.</p>
        ) : (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Billing date</th>
                  <th>By</th>
                  <th>Status</th>
                  <th>Invoices</th>
                  <th>Amount</th>
                  <th>Expired</th>
                  <th>Skipped</th>
                </tr>
              </thead>
              <tbody>
                {props.runs.map((r) => (
                  <tr>
                    <td>
                      <a href={`/app/billing/runs/${r.id}`}>{formatDateTime(new Date(r.started_at), zone.timeZone, zone.locale)}</a>
                    </td>
                    <td>{r.run_on}</td>
                    <td>
                      {r.actor_label} <span class="muted">({TRIGGER_LABELS[r.trigger]})</span>
                    </td>
                    <td>{STATUS_LABELS[r.status]}</td>
                    <td>{r.invoices_created}</td>
                    <td>
                      <Totals totals={r.totals} locale={zone.locale} />
                    </td>
                    <td>{r.services_expired}</td>
                    <td>{r.skipped}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </AppPage>
  );
}

export function BillingRunPage(props: { principal: StaffPrincipal; run: BillingRunRow; invoices: BillingRunInvoice[]; zone: Zone }) {
  const { run, zone } = props;
  return (
    <AppPage title={`Billing run for ${run.run_on}`} principal={props.principal} active="/app/billing">
      <p>
        <a href="/app/billing">← All runs</a>
      </p>
      <section class="card">
        <dl class="facts">
          <dt>Status</dt>
          <dd>{STATUS_LABELS[run.status]}</dd>
          <dt>Started</dt>
          <dd>
            {formatDateTime(new Date(run.started_at), zone.timeZone, zone.locale)} by {run.actor_label} ({TRIGGER_LABELS[run.trigger]})
          </dd>
          <dt>Finished</dt>
          <dd>{run.finished_at ? formatDateTime(new Date(run.finished_at), zone.timeZone, zone.locale) : '—'}</dd>
          <dt>Invoices</dt>
          <dd>
            {run.invoices_created}, <Totals totals={run.totals} locale={zone.locale} />
          </dd>
          <dt>Plan changes applied</dt>
          <dd>{run.plan_changes_applied}</dd>
          <dt>Prepaid services expired</dt>
          <dd>{run.services_expired}</dd>
          <dt>Skipped</dt>
          <dd>{run.skipped}</dd>
        </dl>
        {run.errors.length > 0 ? (
          <>
            <h2>Errors</h2>
            <ul>
              {run.errors.map((e) => (
                <li>
                  {e.serviceId ? <a href={`/app/services/${e.serviceId}`}>Service</a> : 'Run'}: {e.reason}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section class="card">
        <h2>Invoices made{props.invoices.length < run.invoices_created ? ` (first ${props.invoices.length})` : ''}</h2>
        <InvoiceTable rows={props.invoices.map((i) => ({ ...i, href: `/app/invoices/${i.id}` }))} zone={zone} />
      </section>
    </AppPage>
  );
}

function InvoiceTable(props: { rows: { href?: string; number?: string; customerId: string; customerName: string; periodStart: string | null; periodEnd: string | null; totalMinor: number; detail?: string }[]; zone: Zone }) {
  if (props.rows.length === 0) return <p class="muted">None.</p>;
  return (
    <div class="table-scroll">
      <table>
        <thead>
          <tr>
            <th>Invoice</th>
            <th>Customer</th>
            <th>Period</th>
            <th class="num">Total</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>{r.href ? <a href={r.href}>{r.number}</a> : <span class="muted">{r.detail ?? 'new'}</span>}</td>
              <td>
                <a href={`/app/customers/${r.customerId}`}>{r.customerName}</a>
              </td>
              <td>{r.periodStart && r.periodEnd ? `${r.periodStart} – ${r.periodEnd}` : '—'}</td>
              <td class="num">{formatMoney(r.totalMinor, props.zone.currency, props.zone.locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BillingPreviewPage(props: { principal: StaffPrincipal; preview: BillingPreview; zone: Zone }) {
  const { preview: p, zone } = props;
  const money = (minor: number) => formatMoney(minor, p.currency, zone.locale);
  return (
    <AppPage title={`Dry run for ${p.billOn}`} principal={props.principal} active="/app/billing">
      <p>
        <a href="/app/billing">← Billing</a>
      </p>
      <p class="notice">Nothing has been written. This is what a billing run for {p.billOn} would do now.</p>
      <section class="card">
        <dl class="facts">
          <dt>Would invoice</dt>
          <dd data-testid="preview-invoices">
            {p.invoiceCount} invoice{p.invoiceCount === 1 ? '' : 's'}, {money(p.totalMinor)}
          </dd>
          <dt>Would credit</dt>
          <dd>{money(p.creditedMinor)} (unused days of plans changed mid-period)</dd>
          <dt>Plan changes due</dt>
          <dd>{p.planChanges.length}</dd>
          <dt>Prepaid services that would expire</dt>
          <dd data-testid="preview-expiring">{p.expiring.length}</dd>
          <dt>Would be skipped</dt>
          <dd>{p.skipped.length}</dd>
        </dl>
        <DateForm action="/app/billing/preview" method="get" label="Another date" button="Dry run" value={p.billOn} />
      </section>
      <section class="card">
        <h2>Invoices{p.invoices.length < p.invoiceCount ? ` (first ${p.invoices.length})` : ''}</h2>
        <InvoiceTable rows={p.invoices.map((i) => ({ ...i, detail: i.lines.map((l) => `${l.description}: ${money(l.totalMinor)}`).join('; ') }))} zone={zone} />
      </section>
      {p.planChanges.length > 0 ? (
        <section class="card">
          <h2>Plan changes</h2>
          <ul>
            {p.planChanges.map((c) => (
              <li>
                {c.customerName}: {c.fromPlan} → {c.toPlan} from {c.effectiveOn}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {p.expiring.length > 0 ? (
        <section class="card">
          <h2>Prepaid services that would expire</h2>
          <ul>
            {p.expiring.map((e) => (
              <li>
                <a href={`/app/services/${e.serviceId}`}>{e.customerName}</a>: paid until {e.paidUntil}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {p.skipped.length > 0 ? (
        <section class="card">
          <h2>Would be skipped</h2>
          <ul>
            {p.skipped.map((e) => (
              <li>{e.reason}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </AppPage>
  );
}
