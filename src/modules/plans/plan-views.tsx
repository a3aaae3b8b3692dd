/** Plans pages: the list (filters, sort, CSV) and the plan form. Prices in the tenant's locale. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { formatMoney } from '../../lib/money.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { ListFooter, SortHeader, type ListParams } from '../../views/list-controls.tsx';
import { amountHint, type PlanFormValues } from './plan-form.ts';
import { periodLabel, speedLabel } from './plan-format.ts';
import type { PlanView } from './plans-repository.ts';

/** A destructive action behind a second click with the consequence spelled out (no JavaScript needed). */
function ConfirmAction(props: { principal: StaffPrincipal; action: string; summary: string; text: string; button: string; danger?: boolean }) {
  return (
    <details class="confirm">
      <summary>{props.summary}</summary>
      <form method="post" action={props.action}>
        <CsrfField token={props.principal.csrfToken} />
        <p>{props.text}</p>
        <button type="submit" class={props.danger ? 'danger' : 'secondary'}>
          {props.button}
        </button>
      </form>
    </details>
  );
}

export function PlanActions(props: { principal: StaffPrincipal; plan: PlanView }) {
  const { principal, plan } = props;
  return (
    <span class="row-actions">
      {plan.active ? (
        <ConfirmAction
          principal={principal}
          action={`/app/plans/${plan.id}/retire`}
          summary="Retire…"
          text={`Retire “${plan.name}”? Services already on it keep it; it will no longer be offered for new services. You can reactivate it later.`}
          button="Retire plan"
        />
      ) : (
        <form method="post" action={`/app/plans/${plan.id}/reactivate`} class="inline">
          <CsrfField token={principal.csrfToken} />
          <button type="submit" class="secondary">
            Reactivate
          </button>
        </form>
      )}
      <ConfirmAction
        principal={principal}
        action={`/app/plans/${plan.id}/delete`}
        summary="Delete…"
        text={`Delete “${plan.name}” for good? Only a plan no service has ever used can be deleted; otherwise retire it.`}
        button="Delete plan"
        danger
      />
    </span>
  );
}

export function PlanListPage(props: {
  principal: StaffPrincipal;
  canManage: boolean;
  items: PlanView[];
  nextCursor: string | null;
  params: ListParams & { sort: string; dir: 'asc' | 'desc' };
  locale: string;
  notice?: string | undefined;
  error?: string | undefined;
}) {
  const { principal, params, locale } = props;
  const header = (sort: string, label: string) => <SortHeader path="/app/plans" params={params} sort={sort} label={label} current={params.sort} dir={params.dir} />;
  return (
    <AppPage title="Service plans" principal={principal} active="/app/plans">
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <FormError message={props.error} />
      {props.canManage ? (
        <p>
          <a class="button" href="/app/plans/new">
            New plan
          </a>
        </p>
      ) : null}
      <form method="get" action="/app/plans" class="filters" role="search">
        <div class="field">
          <label for="f-q">Search</label>
          <input id="f-q" name="q" type="search" value={params.q ?? ''} placeholder="Name, description or tax class" />
        </div>
        <div class="field">
          <label for="f-status">Status</label>
          <select id="f-status" name="status">
            <option value="">Any</option>
            <option value="active" selected={params.status === 'active'}>
              Active
            </option>
            <option value="retired" selected={params.status === 'retired'}>
              Retired
            </option>
          </select>
        </div>
        <input type="hidden" name="sort" value={params.sort} />
        <input type="hidden" name="dir" value={params.dir} />
        <div class="field">
          <button type="submit" class="secondary">
            Search
          </button>
        </div>
      </form>
      <div class="table-scroll">
        <table data-testid="plans">
          <thead>
            <tr>
              {header('name', 'Plan')}
              {header('download', 'Speed (down/up)')}
              {header('price', 'Price')}
              <th>Setup fee</th>
              <th>Tax class</th>
              <th>Services</th>
              <th>Status</th>
              {props.canManage ? <th>Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {props.items.map((plan) => (
              <tr data-plan-id={plan.id}>
                <td>
                  {props.canManage ? <a href={`/app/plans/${plan.id}/edit`}>{plan.name}</a> : plan.name}
                  {plan.description ? <div class="muted">{plan.description}</div> : null}
                </td>
                <td>{speedLabel(plan.downloadMbps, plan.uploadMbps)}</td>
                <td>
                  {formatMoney(plan.priceMinor, plan.currency, locale)} / {periodLabel(plan.periodUnit, plan.periodCount)}
                </td>
                <td>{plan.setupFeeMinor === null ? <span class="muted">None</span> : formatMoney(plan.setupFeeMinor, plan.currency, locale)}</td>
                <td>
                  <code>{plan.taxClass}</code>
                </td>
                <td>{plan.serviceCount}</td>
                <td>{plan.active ? 'Active' : <span class="badge">Retired</span>}</td>
                {props.canManage ? (
                  <td>
                    <PlanActions principal={principal} plan={plan} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ListFooter path="/app/plans" params={params} nextCursor={props.nextCursor} count={props.items.length} />
    </AppPage>
  );
}

export function PlanFormPage(props: {
  principal: StaffPrincipal;
  /** The plan being edited; absent for a new one. */
  plan?: PlanView | undefined;
  currency: string;
  values: PlanFormValues;
  errors: Record<string, string>;
  message?: string | undefined;
}) {
  const { principal, plan, values, errors, currency } = props;
  const unit = values.periodUnit === 'day' ? 'day' : 'month';
  return (
    <AppPage title={plan ? `Edit plan: ${plan.name}` : 'New plan'} principal={principal} active="/app/plans">
      <p>
        <a href="/app/plans">← All plans</a>
      </p>
      {plan && plan.serviceCount > 0 ? (
        <p class="notice">
          {plan.serviceCount === 1 ? '1 service is' : `${plan.serviceCount} services are`} on this plan. A new price or speed applies to them too: billing
          charges the new price from each service’s next billing period.
        </p>
      ) : null}
      {plan && !plan.active ? <p class="notice">This plan is retired: it is not offered for new services.</p> : null}
      <section class="card">
        <FormError message={props.message} />
        <form method="post" action={plan ? `/app/plans/${plan.id}` : '/app/plans'} novalidate>
          <CsrfField token={principal.csrfToken} />
          <Field label="Name" name="name" value={values.name} error={errors.name} required />
          <div class="form-grid">
            <Field label="Download speed (Mbps)" name="downloadMbps" type="number" value={values.downloadMbps} error={errors.downloadMbps} required />
            <Field label="Upload speed (Mbps)" name="uploadMbps" type="number" value={values.uploadMbps} error={errors.uploadMbps} required />
          </div>
          <div class="form-grid">
            <div class={errors.priceMinor ? 'field invalid' : 'field'}>
              <label for="f-price">Price per billing period ({currency})</label>
              <input id="f-price" name="price" inputmode="decimal" value={values.price ?? ''} required aria-invalid={errors.priceMinor ? 'true' : undefined} />
              <small class="muted">Enter {amountHint(currency)}</small>
              {errors.priceMinor ? <small class="error">{errors.priceMinor}</small> : null}
            </div>
            <div class={errors.setupFeeMinor ? 'field invalid' : 'field'}>
              <label for="f-setupFee">One-time setup fee ({currency}, optional)</label>
              <input id="f-setupFee" name="setupFee" inputmode="decimal" value={values.setupFee ?? ''} aria-invalid={errors.setupFeeMinor ? 'true' : undefined} />
              {errors.setupFeeMinor ? <small class="error">{errors.setupFeeMinor}</small> : null}
            </div>
          </div>
          <div class="form-grid">
            <Field
              label="Billing period: every"
              name="periodCount"
              type="number"
              value={values.periodCount ?? '1'}
              error={errors.periodCount}
              hint="1 month is a monthly plan; prepaid plans often use days (e.g. 30)"
            />
            <div class={errors.periodUnit ? 'field invalid' : 'field'}>
              <label for="f-periodUnit">Unit</label>
              <select id="f-periodUnit" name="periodUnit">
                <option value="month" selected={unit === 'month'}>
                  month(s)
                </option>
                <option value="day" selected={unit === 'day'}>
                  day(s)
                </option>
              </select>
              {errors.periodUnit ? <small class="error">{errors.periodUnit}</small> : null}
            </div>
          </div>
          <Field label="Tax class" name="taxClass" value={values.taxClass ?? 'standard'} error={errors.taxClass} hint="A key such as standard or vat_exempt" />
          <div class={errors.description ? 'field invalid' : 'field'}>
            <label for="f-description">Description (optional)</label>
            <textarea id="f-description" name="description" rows={3}>
              {values.description ?? ''}
            </textarea>
            {errors.description ? <small class="error">{errors.description}</small> : null}
          </div>
          <button type="submit">{plan ? 'Save plan' : 'Create plan'}</button>
        </form>
      </section>
      {plan ? (
        <section class="card">
          <h2>Retire or delete</h2>
          <PlanActions principal={principal} plan={plan} />
        </section>
      ) : null}
    </AppPage>
  );
}
