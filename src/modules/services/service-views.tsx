/** Pages of services: the list, the new-service form and one service with its plan history. */
import type { ComponentChildren } from 'preact';
import type { StaffPrincipal } from '../../http/principal.ts';
import { formatDateTime } from '../../lib/zoned-time.ts';
import { formatMoney } from '../../lib/money.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { ListFooter, SortHeader, type ListParams } from '../../views/list-controls.tsx';
import { SelectField, TextAreaField } from '../installations/form-fields.tsx';
import { SERVICE_STATUS_LABELS } from './service-lifecycle.ts';
import { pricePerPeriodMinor } from './service-price.ts';
import type { PlanChangeView, ServiceView } from './services-repository.ts';
import { billedThroughText, canScheduleAtPeriodEnd, cancellationHint, planChangeHint, ScheduledPlanChange, type ServiceBillingRules } from './service-billing-views.tsx';

const PATH = '/app/services';
const STATUS_OPTIONS = Object.entries(SERVICE_STATUS_LABELS).map(([value, label]) => ({ value, label }));
const MODE_OPTIONS = [
  { value: 'postpaid', label: 'Postpaid' },
  { value: 'prepaid', label: 'Prepaid' },
];

export interface PlanOption {
  id: string;
  name: string;
  priceMinor: number;
  currency: string;
}

const planLabel = (p: PlanOption, locale: string) => `${p.name} · ${formatMoney(p.priceMinor, p.currency, locale)}`;

export function ServiceListPage(props: {
  principal: StaffPrincipal;
  items: ServiceView[];
  nextCursor: string | null;
  params: ListParams;
  plans: PlanOption[];
  areas: { id: string; path: string }[];
  naps: { id: string; code: string; name: string }[];
  locale: string;
  canManage: boolean;
}) {
  const { params } = props;
  const sort = params.sort ?? 'created';
  const dir = params.dir === 'asc' ? 'asc' : 'desc';
  const header = (key: string, label: string) => <SortHeader path={PATH} params={params} sort={key} label={label} current={sort} dir={dir} />;
  return (
    <AppPage title="Services" principal={props.principal} active={PATH}>
      <p class="muted">To add a service, open the customer and choose “Add service”.</p>
      <form method="get" action={PATH} class="filters" role="search">
        <Field label="Search" name="q" type="search" value={params.q} hint="Customer, account number or plan" />
        <SelectField label="Status" name="status" options={STATUS_OPTIONS} value={params.status} placeholder="Any" />
        <SelectField label="Plan" name="planId" options={props.plans.map((p) => ({ value: p.id, label: p.name }))} value={params.planId} placeholder="Any" />
        <SelectField label="Billing" name="billingMode" options={MODE_OPTIONS} value={params.billingMode} placeholder="Any" />
        <SelectField label="Area (and below)" name="areaId" options={props.areas.map((a) => ({ value: a.id, label: a.path }))} value={params.areaId} placeholder="Any" />
        <SelectField label="NAP box" name="napId" options={props.naps.map((n) => ({ value: n.id, label: n.name ? `${n.code} · ${n.name}` : n.code }))} value={params.napId} placeholder="Any" />
        {params.customerId ? <input type="hidden" name="customerId" value={params.customerId} /> : null}
        <div class="field">
          <button type="submit" class="secondary">
            Filter
          </button>
        </div>
      </form>
      <div class="table-scroll">
        <table data-testid="services">
          <thead>
            <tr>
              {header('customer', 'Customer')}
              {header('plan', 'Plan')}
              <th>Price</th>
              <th>Billing</th>
              {header('status', 'Status')}
              {header('start', 'Start')}
            </tr>
          </thead>
          <tbody>
            {props.items.map((s) => (
              <tr data-service-id={s.id}>
                <td>
                  <a href={`/app/customers/${s.customerId}`}>{s.customerName}</a> <span class="muted">{s.accountNumber}</span>
                </td>
                <td>
                  <a href={`${PATH}/${s.id}`}>{s.planName}</a>
                </td>
                <td>
                  {formatMoney(pricePerPeriodMinor(s), s.currency, props.locale)}
                  {s.priceOverrideMinor !== null || s.discountMinor !== null ? <span class="muted"> (adjusted)</span> : null}
                </td>
                <td>{s.billingMode === 'prepaid' ? 'Prepaid' : 'Postpaid'}</td>
                <td>
                  <span class={`badge status-${s.status}`}>{SERVICE_STATUS_LABELS[s.status]}</span>
                </td>
                <td>{s.startOn}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ListFooter path={PATH} params={params} nextCursor={props.nextCursor} count={props.items.length} />
    </AppPage>
  );
}

export interface ServiceFormValues {
  customerId?: string | undefined;
  planId?: string | undefined;
  installationId?: string | undefined;
  billingMode?: string | undefined;
  startOn?: string | undefined;
  status?: string | undefined;
  priceOverride?: string | undefined;
  discount?: string | undefined;
  adjustmentReason?: string | undefined;
  notes?: string | undefined;
}

/** Adjustment inputs in major units; errors arrive under the API's *Minor names. */
function AdjustmentFields(props: { values: ServiceFormValues; errors: Record<string, string>; currency: string }) {
  const { values, errors } = props;
  return (
    <fieldset class="location">
      <legend>Price adjustment (optional)</legend>
      <div class="form-grid">
        <Field label={`Price override (${props.currency})`} name="priceOverride" value={values.priceOverride} error={errors.priceOverrideMinor} hint="Replaces the plan price" />
        <Field label={`Discount (${props.currency})`} name="discount" value={values.discount} error={errors.discountMinor} hint="Taken off each period" />
      </div>
      <Field label="Reason" name="adjustmentReason" value={values.adjustmentReason} error={errors.adjustmentReason} hint="Required with an override or discount" />
    </fieldset>
  );
}

export function ServiceFormPage(props: {
  principal: StaffPrincipal;
  customer: { id: string; name: string };
  plans: PlanOption[];
  installations: { id: string; label: string }[];
  currency: string;
  locale: string;
  values: ServiceFormValues;
  errors: Record<string, string>;
  message?: string | undefined;
}) {
  const { values, errors } = props;
  return (
    <AppPage title={`Add a service for ${props.customer.name}`} principal={props.principal} active={PATH}>
      <FormError message={props.message} />
      {errors.customerId ? <p class="alert">{errors.customerId}</p> : null}
      <form method="post" action={PATH} novalidate class="card">
        <CsrfField token={props.principal.csrfToken} />
        <input type="hidden" name="customerId" value={props.customer.id} />
        <div class="form-grid">
          <SelectField label="Plan" name="planId" options={props.plans.map((p) => ({ value: p.id, label: planLabel(p, props.locale) }))} value={values.planId} placeholder="Choose a plan…" error={errors.planId} />
          <SelectField label="Installation" name="installationId" options={props.installations.map((i) => ({ value: i.id, label: i.label }))} value={values.installationId} placeholder="None" error={errors.installationId} />
          <SelectField label="Billing" name="billingMode" options={MODE_OPTIONS} value={values.billingMode ?? 'postpaid'} error={errors.billingMode} />
          <Field label="Start date" name="startOn" type="date" value={values.startOn} error={errors.startOn} required />
          <SelectField
            label="Status"
            name="status"
            options={[
              { value: 'pending', label: 'Pending (not connected yet)' },
              { value: 'active', label: 'Active' },
            ]}
            value={values.status ?? 'pending'}
            error={errors.status}
          />
        </div>
        <AdjustmentFields values={values} errors={errors} currency={props.currency} />
        <TextAreaField label="Notes" name="notes" value={values.notes} error={errors.notes} />
        <button type="submit">Add service</button> <a href={`/app/customers/${props.customer.id}`}>Cancel</a>
      </form>
    </AppPage>
  );
}

function StepForm(props: { id: string; step: string; csrf: string; label: string; danger?: boolean; children?: ComponentChildren }) {
  return (
    <form method="post" action={`${PATH}/${props.id}/${props.step}`} class="filters">
      <CsrfField token={props.csrf} />
      {props.children}
      <div class="field">
        <button type="submit" class={props.danger ? 'danger' : 'secondary'}>
          {props.label}
        </button>
      </div>
    </form>
  );
}

export function ServicePage(props: {
  principal: StaffPrincipal;
  service: ServiceView;
  planHistory: PlanChangeView[];
  plans: PlanOption[];
  canManage: boolean;
  zone: { timeZone: string; locale: string };
  billing: ServiceBillingRules;
  edit: ServiceFormValues;
  errors: Record<string, string>;
  notice?: string | undefined;
  error?: string | undefined;
}) {
  const { service: s, principal, errors } = props;
  const csrf = principal.csrfToken;
  const money = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, s.currency, props.zone.locale));
  const live = s.status !== 'terminated';
  return (
    <AppPage title={`${s.planName} · ${s.customerName}`} principal={principal} active={PATH}>
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <FormError message={props.error} />
      <section class="card">
        <dl>
          <dt>Customer</dt>
          <dd>
            <a href={`/app/customers/${s.customerId}`}>{s.customerName}</a> <span class="muted">{s.accountNumber}</span>
          </dd>
          <dt>Plan</dt>
          <dd data-testid="service-plan">{s.planName}</dd>
          <dt>Status</dt>
          <dd data-testid="service-status">{SERVICE_STATUS_LABELS[s.status]}</dd>
          <dt>Billing</dt>
          <dd>{s.billingMode === 'prepaid' ? 'Prepaid' : 'Postpaid'}</dd>
          <dt>Start</dt>
          <dd>{s.startOn}</dd>
          <dt>Billed through</dt>
          <dd data-testid="service-billed-through">{billedThroughText(s)}</dd>
          {s.endOn ? (
            <>
              <dt>End</dt>
              <dd>{s.endOn}</dd>
            </>
          ) : null}
          <dt>Plan price</dt>
          <dd>{money(s.planPriceMinor)}</dd>
          <dt>Price override</dt>
          <dd>{money(s.priceOverrideMinor)}</dd>
          <dt>Discount</dt>
          <dd>{money(s.discountMinor)}</dd>
          {s.adjustmentReason ? (
            <>
              <dt>Why</dt>
              <dd>{s.adjustmentReason}</dd>
            </>
          ) : null}
          <dt>Pays per period</dt>
          <dd>{money(pricePerPeriodMinor(s))}</dd>
          <dt>Installation</dt>
          <dd>{s.installationId ? <a href={`/app/installations/${s.installationId}`}>Open</a> : '—'}</dd>
          <dt>Notes</dt>
          <dd>{s.notes || '—'}</dd>
        </dl>
      </section>
      <ScheduledPlanChange service={s} csrf={csrf} canManage={props.canManage} />
      {props.canManage && live ? (
        <section class="card" data-testid="service-actions">
          <h2>Actions</h2>
          {s.scheduledPlanChange ? null : (
            <StepForm id={s.id} step="plan" csrf={csrf} label="Change plan">
              <SelectField
                label="New plan"
                name="planId"
                options={props.plans.filter((p) => p.id !== s.planId).map((p) => ({ value: p.id, label: planLabel(p, props.zone.locale) }))}
                placeholder="Choose a plan…"
                error={errors.planId}
              />
              {canScheduleAtPeriodEnd(s) ? (
                <SelectField
                  label="When"
                  name="when"
                  options={[
                    { value: 'now', label: 'From the date below' },
                    { value: 'period_end', label: `At the end of the period (${s.billedUntil ?? ''})` },
                  ]}
                  value="now"
                  error={errors.when}
                />
              ) : null}
              <Field label="From" name="effectiveOn" type="date" error={errors.effectiveOn} hint="Today or earlier; empty: today" />
              <Field label="Reason" name="reason" error={errors.reason} />
              {planChangeHint(s, props.billing) ? <p class="muted">{planChangeHint(s, props.billing)}</p> : null}
            </StepForm>
          )}
          {s.status === 'pending' ? <StepForm id={s.id} step="activate" csrf={csrf} label="Activate" /> : null}
          {s.status === 'active' ? (
            <StepForm id={s.id} step="suspend" csrf={csrf} label="Suspend">
              <Field label="Reason" name="reason" />
            </StepForm>
          ) : null}
          {s.status === 'suspended' ? <StepForm id={s.id} step="resume" csrf={csrf} label="Resume" /> : null}
          <StepForm id={s.id} step="terminate" csrf={csrf} label="Terminate" danger>
            <Field label="End date" name="endOn" type="date" error={errors.endOn} hint="Empty: today" />
            <Field label="Reason" name="reason" />
            <p class="muted" data-testid="cancellation-credit">
              {cancellationHint(s, props.billing)}
            </p>
          </StepForm>
          <form method="post" action={`${PATH}/${s.id}`} novalidate>
            <CsrfField token={csrf} />
            <AdjustmentFields values={props.edit} errors={errors} currency={s.currency} />
            <TextAreaField label="Notes" name="notes" value={props.edit.notes} error={errors.notes} />
            <button type="submit" class="secondary">
              Save price and notes
            </button>
          </form>
        </section>
      ) : null}
      <section class="card">
        <h2>Plan history</h2>
        <div class="table-scroll">
          <table data-testid="plan-history">
            <thead>
              <tr>
                <th>From</th>
                <th>Plan</th>
                <th>Reason</th>
                <th>Recorded</th>
              </tr>
            </thead>
            <tbody>
              {props.planHistory.map((h) => (
                <tr>
                  <td>{h.effectiveOn}</td>
                  <td>{h.fromPlanName ? `${h.fromPlanName} → ${h.toPlanName}` : h.toPlanName}</td>
                  <td>{h.reason || '—'}</td>
                  <td>
                    {formatDateTime(h.changedAt, props.zone.timeZone, props.zone.locale)} · {h.actorLabel}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </AppPage>
  );
}
