/** The subscriber list: the search box first, then filters, a sortable table and the footer. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { calendarDateIn } from '../../lib/zoned-time.ts';
import { AppPage, FormError } from '../../views/layout.tsx';
import { ListFooter, SortHeader, type ListParams } from '../../views/list-controls.tsx';
import type { CustomerListRow } from './customer-search-repository.ts';
import { CUSTOMER_STATUSES } from './customers-repository.ts';
import type { CustomerFilterOptions } from './list-customer-filter-options.ts';
import { Select, StatusBadge, STATUS_LABELS } from './customer-widgets.tsx';

export interface CustomerListProps {
  principal: StaffPrincipal;
  items: CustomerListRow[];
  nextCursor: string | null;
  params: ListParams;
  options: CustomerFilterOptions;
  errors: Record<string, string>;
  canManage: boolean;
  timeZone: string;
  notice?: string | undefined;
}

const PATH = '/app/customers';

export function CustomerListPage(props: CustomerListProps) {
  const { params, options, errors } = props;
  const sort = params.sort ?? 'name';
  const dir = params.dir === 'desc' || (params.dir === undefined && sort === 'created') ? 'desc' : 'asc';
  const header = (key: string, label: string) => <SortHeader path={PATH} params={params} sort={key} label={label} current={sort} dir={dir} />;
  return (
    <AppPage title="Customers" principal={props.principal} active={PATH}>
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <form method="get" action={PATH} class="customer-search" role="search">
        <div class={errors.q ? 'field invalid' : 'field'}>
          <label for="f-q">Find a customer</label>
          <div class="search-row">
            <input id="f-q" name="q" type="search" value={params.q ?? ''} placeholder="Name, account no., phone or e-mail" autofocus autocomplete="off" />
            <button type="submit">Search</button>
          </div>
          {errors.q ? <small class="error">{errors.q}</small> : null}
        </div>
        <details class="more-filters" open={Boolean(params.status || params.areaId || params.planId || params.napId || params.tag)}>
          <summary>Filters</summary>
          <div class="filters">
            <Select label="Status" name="status" value={params.status} error={errors.status} placeholder="Any" options={CUSTOMER_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
            <Select label="Area (and below)" name="areaId" value={params.areaId} error={errors.areaId} placeholder="Any" options={options.areas.map((a) => ({ value: a.id, label: a.path }))} />
            <Select label="Plan" name="planId" value={params.planId} error={errors.planId} placeholder="Any" options={options.plans.map((p) => ({ value: p.id, label: p.name }))} />
            <Select label="NAP box" name="napId" value={params.napId} error={errors.napId} placeholder="Any" options={options.naps.map((n) => ({ value: n.id, label: n.name ? `${n.code} · ${n.name}` : n.code }))} />
            <div class={errors.tag ? 'field invalid' : 'field'}>
              <label for="f-tag">Tag</label>
              <input id="f-tag" name="tag" value={params.tag ?? ''} />
              {errors.tag ? <small class="error">{errors.tag}</small> : null}
            </div>
            {params.sort ? <input type="hidden" name="sort" value={params.sort} /> : null}
            {params.dir ? <input type="hidden" name="dir" value={params.dir} /> : null}
            <div class="field">
              <button type="submit" class="secondary">
                Apply filters
              </button>
            </div>
          </div>
        </details>
      </form>
      <FormError message={Object.keys(errors).length > 0 ? 'Please fix the highlighted search fields.' : undefined} />
      {props.canManage ? (
        <p>
          <a href="/app/customers/new" class="button">
            Add customer
          </a>
        </p>
      ) : null}
      <table data-testid="customers" class="stack">
        <thead>
          <tr>
            {header('account', 'Account')}
            {header('name', 'Name')}
            <th>Phone</th>
            <th>E-mail</th>
            <th>Area</th>
            {header('status', 'Status')}
            {header('created', 'Added')}
          </tr>
        </thead>
        <tbody>
          {props.items.map((c) => (
            <tr data-customer-id={c.id}>
              <td data-label="Account" class="nowrap">
                <a href={`/app/customers/${c.id}`}>{c.accountNumber}</a>
              </td>
              <td data-label="Name">
                <a href={`/app/customers/${c.id}`}>{c.displayName}</a>
                {c.tags.length > 0 ? <span class="muted"> · {c.tags.join(', ')}</span> : null}
              </td>
              <td data-label="Phone" class="nowrap">{c.phone ? <a href={`tel:${c.phone.replace(/[^0-9+]/g, '')}`}>{c.phone}</a> : null}</td>
              <td data-label="E-mail">{c.email}</td>
              <td data-label="Area">{c.areaName}</td>
              <td data-label="Status">
                <StatusBadge status={c.status} />
              </td>
              <td data-label="Added" class="nowrap">{calendarDateIn(c.createdAt, props.timeZone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ListFooter path={PATH} params={params} nextCursor={props.nextCursor} count={props.items.length} />
    </AppPage>
  );
}
