/**
 * The customer page: everything about one subscriber in one place. Sections stack on a
 * phone; every table turns into labelled rows there (see "Customers" in app.css).
 */
import type { StaffPrincipal } from '../../http/principal.ts';
import { formatDateTime } from '../../lib/zoned-time.ts';
import { AppPage, CsrfField, FormError } from '../../views/layout.tsx';
import { showValue } from '../audit/audit-changes.ts';
import { can } from '../context.ts';
import { STATUSES_NEEDING_REASON } from './change-customer-status.ts';
import { CustomerSections } from './customer-sections.tsx';
import { CUSTOMER_STATUSES } from './customers-repository.ts';
import type { CustomerOverview } from './get-customer-overview.ts';
import { Select, StatusBadge, STATUS_LABELS } from './customer-widgets.tsx';
import { CustomerPaymentsSlot } from '../payments/payment-views.tsx';
import { CustomerBillingSlot } from '../ledger/customer-billing-view.tsx';

export interface StatusFormState {
  values: { status?: string | undefined; reason?: string | undefined; effectiveOn?: string | undefined };
  errors: Record<string, string>;
  message?: string | undefined;
}

export interface CustomerPageProps {
  principal: StaffPrincipal;
  overview: CustomerOverview;
  statusForm?: StatusFormState | undefined;
  notice?: string | undefined;
}

const ACCURACY_LABELS: Record<string, string> = { exact: 'exact', approximate: 'approximate', address: 'from the address', manual: 'placed by hand' };

export function CustomerPage(props: CustomerPageProps) {
  const { principal, overview } = props;
  const { customer: c, settings } = overview;
  const actor = principal.actor;
  const when = (d: Date) => formatDateTime(d, settings.timeZone, settings.locale);
  return (
    <AppPage title={c.displayName} principal={principal} active="/app/customers">
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <p class="customer-head">
        <span class="account-number" data-testid="account-number">
          {c.accountNumber}
        </span>{' '}
        <StatusBadge status={c.status} />
      </p>
      <p class="actions">
        {can(actor, 'customers.manage') ? (
          <a class="button" href={`/app/customers/${c.id}/edit`}>
            Edit details
          </a>
        ) : null}{' '}
        {can(actor, 'services.manage') ? (
          <a class="button" href={`/app/services/new?customerId=${c.id}`}>
            Add service
          </a>
        ) : null}{' '}
        {can(actor, 'installations.manage') ? (
          <a class="button" href={`/app/installations/new?customerId=${c.id}`}>
            New installation
          </a>
        ) : null}
      </p>

      <section class="card" id="details">
        <h2>Details</h2>
        <dl>
          {c.companyName ? (
            <>
              <dt>Company</dt>
              <dd>{c.companyName}</dd>
            </>
          ) : null}
          {c.firstName || c.lastName ? (
            <>
              <dt>{c.companyName ? 'Contact' : 'Name'}</dt>
              <dd>{`${c.firstName} ${c.lastName}`.trim()}</dd>
            </>
          ) : null}
          <dt>Phone</dt>
          <dd>
            {c.phone ? <a href={`tel:${c.phone.replace(/[^0-9+]/g, '')}`}>{c.phone}</a> : <span class="muted">—</span>}
            {c.altPhone ? (
              <>
                {' · '}
                <a href={`tel:${c.altPhone.replace(/[^0-9+]/g, '')}`}>{c.altPhone}</a>
              </>
            ) : null}
          </dd>
          <dt>E-mail</dt>
          <dd>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : <span class="muted">—</span>}</dd>
          <dt>Service address</dt>
          <dd class="pre">{c.serviceAddress || <span class="muted">—</span>}</dd>
          <dt>Area</dt>
          <dd>{c.areaName ?? <span class="muted">—</span>}</dd>
          <dt>Location</dt>
          <dd data-testid="location">
            {c.latitude !== null && c.longitude !== null ? (
              <>
                {c.latitude}, {c.longitude}
                {c.locationAccuracy ? <span class="muted"> ({ACCURACY_LABELS[c.locationAccuracy]})</span> : null}{' '}
                <a href={`/app/map?focus=customer:${c.id}`}>Show on map</a>
              </>
            ) : (
              <span class="muted">Not placed on the map yet</span>
            )}
            {c.locationNotes ? <div class="muted">{c.locationNotes}</div> : null}
          </dd>
          <dt>Tags</dt>
          <dd>{c.tags.length > 0 ? c.tags.map((t) => <span class="badge">{t}</span>) : <span class="muted">—</span>}</dd>
          {c.notes ? (
            <>
              <dt>Notes</dt>
              <dd class="pre">{c.notes}</dd>
            </>
          ) : null}
          {c.externalRef ? (
            <>
              <dt>External ref.</dt>
              <dd>{c.externalRef}</dd>
            </>
          ) : null}
          <dt>Added</dt>
          <dd>{when(c.createdAt)}</dd>
        </dl>
      </section>

      <StatusSection {...props} />
      <CustomerSections overview={overview} />
      <CustomerBillingSlot principal={principal} customerId={c.id} />
      <CustomerPaymentsSlot principal={principal} customerId={c.id} />

      {/* Extension point: the support issue adds tickets here. */}

      <section class="card" id="audit">
        <h2>Change log</h2>
        {overview.audit.length === 0 ? (
          <p class="muted">Nothing recorded yet.</p>
        ) : (
          <table class="stack" data-testid="customer-audit">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>What</th>
                <th>Changes</th>
              </tr>
            </thead>
            <tbody>
              {overview.audit.map((e) => (
                <tr>
                  <td data-label="When">{when(e.occurredAt)}</td>
                  <td data-label="Who">{e.actorLabel}</td>
                  <td data-label="What">{e.action}</td>
                  <td data-label="Changes">
                    {e.changes.length === 0 ? (
                      <span class="muted">—</span>
                    ) : (
                      <ul class="changes">
                        {e.changes.map((ch) => (
                          <li>
                            <strong>{ch.key}</strong>: {e.before == null ? null : <>{showValue(ch.before)} → </>}
                            {showValue(ch.after)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {can(actor, 'audit.read') ? (
          <p>
            <a href={`/app/audit?entityId=${c.id}`}>Full audit log for this customer</a>
          </p>
        ) : null}
      </section>
    </AppPage>
  );
}

function StatusSection(props: CustomerPageProps) {
  const { principal, overview } = props;
  const c = overview.customer;
  const form = props.statusForm ?? { values: {}, errors: {} };
  // Leads are only new customers; the current status is no change.
  const choices = CUSTOMER_STATUSES.filter((s) => s !== c.status && s !== 'lead');
  return (
    <section class="card" id="status">
      <h2>Status</h2>
      <p>
        <StatusBadge status={c.status} /> <span class="muted">since {formatDateTime(c.statusChangedAt, overview.settings.timeZone, overview.settings.locale)}</span>
      </p>
      {can(principal.actor, 'customers.manage') ? (
        <form method="post" action={`/app/customers/${c.id}/status`} class="status-form" novalidate>
          <CsrfField token={principal.csrfToken} />
          <FormError message={form.message} />
          <div class="filters">
            <Select label="Change to" name="status" value={form.values.status} error={form.errors.status} options={choices.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
            <div class={form.errors.effectiveOn ? 'field invalid' : 'field'}>
              <label for="f-effectiveOn">Effective</label>
              <input id="f-effectiveOn" name="effectiveOn" type="date" value={form.values.effectiveOn ?? overview.today} />
              {form.errors.effectiveOn ? <small class="error">{form.errors.effectiveOn}</small> : null}
            </div>
            <div class={form.errors.reason ? 'field invalid grow' : 'field grow'}>
              <label for="f-reason">Reason</label>
              <input id="f-reason" name="reason" value={form.values.reason ?? ''} autocomplete="off" />
              <small class="muted">Required for {[...STATUSES_NEEDING_REASON].join(', ')}</small>
              {form.errors.reason ? <small class="error">{form.errors.reason}</small> : null}
            </div>
            <div class="field">
              <button type="submit" class="secondary">
                Change status
              </button>
            </div>
          </div>
        </form>
      ) : null}
      <h3>History</h3>
      <table class="stack" data-testid="status-history">
        <thead>
          <tr>
            <th>Effective</th>
            <th>Change</th>
            <th>Reason</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {[...overview.statusHistory].reverse().map((h) => (
            <tr>
              <td data-label="Effective">{h.effectiveOn}</td>
              <td data-label="Change">
                {h.fromStatus ? (
                  <>
                    {STATUS_LABELS[h.fromStatus]} → {STATUS_LABELS[h.toStatus]}
                  </>
                ) : (
                  <>Added as {STATUS_LABELS[h.toStatus]}</>
                )}
              </td>
              <td data-label="Reason">{h.reason}</td>
              <td data-label="By">{h.actorLabel}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
