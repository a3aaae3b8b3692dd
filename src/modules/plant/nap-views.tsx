/** NAP pages: the list, the NAP page with its port grid, and the edit form. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { ListFooter, SortHeader, type ListParams } from '../../views/list-controls.tsx';
import { LocationFields } from '../../views/location-fields.tsx';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import type { PortCell } from './nap-ports-repository.ts';
import { PortSelect, type FormState } from './plant-forms.tsx';
import type { NapView } from './plant-views.ts';
import type { NapDetail } from './read-plant.ts';
import { ActiveBadge, CapacityBar, Crumbs, ItemActions, Notice } from './plant-widgets.tsx';
import { PlantListFilters } from './plant-list-filters.tsx';

type Values = Record<string, string | undefined>;

export function NapFormFields(props: { form: FormState<Values>; freeSplitterPorts: number[] }) {
  const v = props.form.values;
  const e = props.form.errors;
  return (
    <div class="form-grid">
      <Field label="Code" name="code" value={v.code} error={e.code} required hint="Unique within this splitter, e.g. NAP-01" />
      <Field label="Name" name="name" value={v.name} error={e.name} hint="Optional, e.g. the street" />
      <PortSelect name="splitterPort" label="Splitter output port" ports={props.freeSplitterPorts} value={v.splitterPort} error={e.splitterPort} hint="Only free ports are listed" />
      <Field label="Drop ports" name="portCount" type="number" value={v.portCount ?? '8'} error={e.portCount} hint="1-64" />
      <Field label="Address" name="address" value={v.address} error={e.address} />
      <Field label="External reference" name="externalRef" value={v.externalRef} error={e.externalRef} />
      <Field label="Notes" name="notes" value={v.notes} error={e.notes} />
    </div>
  );
}

export function NapListPage(props: { principal: StaffPrincipal; items: NapView[]; nextCursor: string | null; params: ListParams; lcps: { id: string; code: string }[] }) {
  const { params } = props;
  const path = '/app/network/naps';
  const sort = params.sort ?? 'branch';
  const dir = params.dir === 'desc' ? 'desc' : 'asc';
  return (
    <AppPage title="NAP boxes" principal={props.principal} active="/app/network">
      <Crumbs items={[{ label: 'NAP boxes' }]} />
      <PlantListFilters path={path} params={params} sort={sort} dir={dir} searchPlaceholder="Code, name or address" where={{ name: 'lcpId', label: 'LCP', options: props.lcps.map((l) => ({ id: l.id, label: l.code })) }} />
      <div class="table-scroll">
        <table data-testid="naps">
          <thead>
            <tr>
              <SortHeader path={path} params={params} sort="code" label="Code" current={sort} dir={dir} />
              <SortHeader path={path} params={params} sort="name" label="Name" current={sort} dir={dir} />
              <SortHeader path={path} params={params} sort="branch" label="LCP / splitter" current={sort} dir={dir} />
              <SortHeader path={path} params={params} sort="ports" label="Ports" current={sort} dir={dir} />
            </tr>
          </thead>
          <tbody>
            {props.items.map((n) => (
              <tr>
                <td>
                  <a href={`/app/network/naps/${n.id}`}>{n.code}</a> <ActiveBadge active={n.active} />
                </td>
                <td>{n.name || '—'}</td>
                <td>{`${n.lcpCode} / ${n.splitterCode} port ${n.splitterPort}`}</td>
                <td>
                  <CapacityBar capacity={n.capacity} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ListFooter path={path} params={params} nextCursor={props.nextCursor} count={props.items.length} />
    </AppPage>
  );
}

export function NapDetailPage(props: { principal: StaffPrincipal; detail: NapDetail; canManage: boolean; notice?: string | undefined; alert?: string | undefined }) {
  const { nap, ports } = props.detail;
  const base = `/app/network/naps/${nap.id}`;
  return (
    <AppPage title={`NAP ${nap.code}`} principal={props.principal} active="/app/network">
      <Crumbs items={[{ href: `/app/network/lcps/${nap.lcpId}`, label: nap.lcpCode }, { href: `/app/network/splitters/${nap.splitterId}`, label: nap.splitterCode }, { label: nap.code }]} />
      <Notice message={props.notice} />
      <FormError message={props.alert} />
      <section class="card">
        <h2>
          {nap.name ? `${nap.code} · ${nap.name}` : nap.code} <ActiveBadge active={nap.active} />
        </h2>
        <dl>
          <dt>Ports</dt>
          <dd>
            <CapacityBar capacity={nap.capacity} />
          </dd>
          <dt>Fed from</dt>
          <dd>
            <a href={`/app/network/splitters/${nap.splitterId}`}>{`${nap.lcpCode} / ${nap.splitterCode}`}</a>
            {`, output port ${nap.splitterPort}`}
          </dd>
          <dt>Address</dt>
          <dd>{nap.address || '—'}</dd>
          <dt>Location</dt>
          <dd>{nap.latitude !== null ? `${nap.latitude}, ${nap.longitude}` : '—'}</dd>
          {nap.externalRef ? (
            <>
              <dt>External reference</dt>
              <dd>{nap.externalRef}</dd>
            </>
          ) : null}
          {nap.notes ? (
            <>
              <dt>Notes</dt>
              <dd class="pre">{nap.notes}</dd>
            </>
          ) : null}
        </dl>
        <ItemActions base={base} active={nap.active} csrfToken={props.principal.csrfToken} canManage={props.canManage} what="NAP" />
      </section>
      <section class="card">
        <h2>Ports</h2>
        <ul class="port-list" data-testid="nap-ports">
          {ports.map((p) => (
            <PortRow port={p} canManage={props.canManage} csrfToken={props.principal.csrfToken} />
          ))}
        </ul>
      </section>
    </AppPage>
  );
}

function PortRow(props: { port: PortCell; canManage: boolean; csrfToken: string }) {
  const p = props.port;
  return (
    <li class={`port-row port-${p.status}`} data-port={p.portNumber} data-status={p.status}>
      <span class="port-number">{p.portNumber}</span>{' '}
      {p.status === 'taken' ? (
        <span>
          <a href={`/app/customers/${p.customerId}`}>{p.accountNumber}</a> {p.customerName}{' '}
          <span class="muted">
            (<a href={`/app/installations/${p.installationId}`}>{`installation, ${p.installationStatus}`}</a>)
          </span>
        </span>
      ) : p.status === 'out_of_service' ? (
        <span class="badge badge-inactive">out of service</span>
      ) : (
        <span class="muted">free</span>
      )}
      {p.notes ? <span class="muted">{` · ${p.notes}`}</span> : null}
      {props.canManage && p.status !== 'taken' ? (
        <form method="post" action={`/app/network/nap-ports/${p.id}`} class="inline">
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <input type="hidden" name="outOfService" value={p.outOfService ? 'false' : 'true'} />{' '}
          <button type="submit" class="link">
            {p.outOfService ? 'Back in service' : 'Out of service'}
          </button>
        </form>
      ) : null}
    </li>
  );
}

export function NapFormPage(props: { principal: StaffPrincipal; detail: NapDetail; form: FormState<Values>; map: { tileUrl: string; attribution: string } }) {
  const { nap, freeSplitterPorts } = props.detail;
  return (
    <AppPage title={`Edit NAP ${nap.code}`} principal={props.principal} active="/app/network">
      <Crumbs items={[{ href: `/app/network/splitters/${nap.splitterId}`, label: `${nap.lcpCode} / ${nap.splitterCode}` }, { href: `/app/network/naps/${nap.id}`, label: nap.code }, { label: 'Edit' }]} />
      <FormError message={props.form.message} />
      <form method="post" action={`/app/network/naps/${nap.id}/edit`} class="card" novalidate>
        <CsrfField token={props.principal.csrfToken} />
        <NapFormFields form={props.form} freeSplitterPorts={freeSplitterPorts} />
        <LocationFields values={props.form.values} errors={props.form.errors} tileUrl={props.map.tileUrl} attribution={props.map.attribution} />
        <button type="submit">Save NAP</button>
      </form>
    </AppPage>
  );
}
