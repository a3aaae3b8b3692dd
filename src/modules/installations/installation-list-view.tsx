/** /app/installations: filters (status, area, plan, NAP, LCP, technician, dates, mine), sortable table, CSV. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, Field } from '../../views/layout.tsx';
import { ListFooter, SortHeader, type ListParams } from '../../views/list-controls.tsx';
import { SelectField } from './form-fields.tsx';
import { STATUS_LABELS } from './installation-lifecycle.ts';
import type { InstallationView } from './installations-repository.ts';

const PATH = '/app/installations';
const STATUS_OPTIONS = Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }));

export function portLabel(i: Pick<InstallationView, 'lcpCode' | 'splitterCode' | 'napCode' | 'portNumber'>): string {
  if (i.portNumber === null) return '—';
  return `${i.lcpCode ?? '?'} / ${i.splitterCode ?? '?'} / ${i.napCode ?? '?'} port ${i.portNumber}`;
}

export function InstallationListPage(props: {
  principal: StaffPrincipal;
  items: InstallationView[];
  nextCursor: string | null;
  params: ListParams;
  canManage: boolean;
  technicians: { id: string; name: string }[];
  lcps: { id: string; code: string }[];
  naps: { id: string; code: string }[];
  areas: { id: string; path: string }[];
  plans: { id: string; name: string }[];
}) {
  const { params } = props;
  const sort = params.sort ?? 'created';
  const dir = params.dir === 'asc' ? 'asc' : 'desc';
  const header = (key: string, label: string) => <SortHeader path={PATH} params={params} sort={key} label={label} current={sort} dir={dir} />;
  return (
    <AppPage title="Installations" principal={props.principal} active={PATH}>
      {props.canManage ? (
        <p>
          <a href="/app/installations/new" class="button">
            New installation
          </a>
        </p>
      ) : null}
      <form method="get" action={PATH} class="filters" role="search">
        <Field label="Search" name="q" type="search" value={params.q} hint="Customer, account number or address" />
        <SelectField label="Status" name="status" options={STATUS_OPTIONS} value={params.status} placeholder="Any" />
        <SelectField label="Technician" name="technicianId" options={props.technicians.map((u) => ({ value: u.id, label: u.name }))} value={params.technicianId} placeholder="Anyone" />
        <SelectField label="Area (and below)" name="areaId" options={props.areas.map((a) => ({ value: a.id, label: a.path }))} value={params.areaId} placeholder="Any" />
        <SelectField label="Plan" name="planId" options={props.plans.map((p) => ({ value: p.id, label: p.name }))} value={params.planId} placeholder="Any" />
        <SelectField label="LCP" name="lcpId" options={props.lcps.map((l) => ({ value: l.id, label: l.code }))} value={params.lcpId} placeholder="Any" />
        <SelectField label="NAP" name="napId" options={props.naps.map((n) => ({ value: n.id, label: n.code }))} value={params.napId} placeholder="Any" />
        <Field label="Scheduled from" name="scheduledFrom" type="date" value={params.scheduledFrom} />
        <Field label="Scheduled to" name="scheduledTo" type="date" value={params.scheduledTo} />
        <div class="field checks">
          <label>
            <input type="checkbox" name="mine" value="1" checked={params.mine === '1'} /> Only mine
          </label>
        </div>
        <div class="field">
          <button type="submit" class="secondary">
            Filter
          </button>
        </div>
      </form>
      <div class="table-scroll">
        <table data-testid="installations">
          <thead>
            <tr>
              {header('customer', 'Customer')}
              {header('status', 'Status')}
              <th>Port</th>
              <th>Technician</th>
              {header('scheduled', 'Scheduled')}
              <th>Completed</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((i) => (
              <tr data-installation-id={i.id}>
                <td>
                  <a href={`${PATH}/${i.id}`}>{i.customerName}</a> <span class="muted">{i.accountNumber}</span>
                </td>
                <td>
                  <span class={`badge status-${i.status}`}>{STATUS_LABELS[i.status]}</span>
                </td>
                <td>{portLabel(i)}</td>
                <td>{i.technicianName ?? '—'}</td>
                <td>{i.scheduledOn ?? '—'}</td>
                <td>{i.completedOn ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ListFooter path={PATH} params={params} nextCursor={props.nextCursor} count={props.items.length} />
    </AppPage>
  );
}
