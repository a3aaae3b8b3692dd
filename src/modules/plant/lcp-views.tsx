/** LCP pages: the list, the new/edit form, and the LCP page with its splitters and the add-splitter form. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { ListFooter, SortHeader, listUrl, type ListParams } from '../../views/list-controls.tsx';
import { LocationFields } from '../../views/location-fields.tsx';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import type { AreaOption } from '../areas/area-options.ts';
import type { LcpView } from './plant-views.ts';
import type { LcpDetail } from './read-plant.ts';
import { ActiveBadge, CapacityBar, Crumbs, ItemActions, Notice } from './plant-widgets.tsx';
import { SplitterFormFields, type FormState } from './plant-forms.tsx';
import { PlantListFilters } from './plant-list-filters.tsx';

const ACTIVE = '/app/network';

export function LcpListPage(props: { principal: StaffPrincipal; items: LcpView[]; nextCursor: string | null; params: ListParams; areas: AreaOption[]; canManage: boolean }) {
  const { params } = props;
  const path = '/app/network/lcps';
  const sort = params.sort ?? 'code';
  const dir = params.dir === 'desc' ? 'desc' : 'asc';
  return (
    <AppPage title="LCPs" principal={props.principal} active={ACTIVE}>
      <Crumbs items={[{ label: 'LCPs' }]} />
      {props.canManage ? (
        <p>
          <a class="button" href="/app/network/lcps/new">
            Add LCP
          </a>
        </p>
      ) : null}
      <PlantListFilters path={path} params={params} sort={sort} dir={dir} searchPlaceholder="Code, name or address" where={{ name: 'areaId', label: 'Area', options: props.areas.map((a) => ({ id: a.id, label: a.path })) }} />
      <div class="table-scroll">
        <table data-testid="lcps">
          <thead>
            <tr>
              <SortHeader path={path} params={params} sort="code" label="Code" current={sort} dir={dir} />
              <SortHeader path={path} params={params} sort="name" label="Name" current={sort} dir={dir} />
              <th>Area</th>
              <SortHeader path={path} params={params} sort="ports" label="Feeder ports" current={sort} dir={dir} />
              <th>Drop ports</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((l) => (
              <tr>
                <td>
                  <a href={`/app/network/lcps/${l.id}`}>{l.code}</a> <ActiveBadge active={l.active} />
                </td>
                <td>{l.name}</td>
                <td>{l.areaName ?? '—'}</td>
                <td>{l.portCount}</td>
                <td>
                  <CapacityBar capacity={l.capacity} />
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

export type LcpFormValues = Partial<Record<'code' | 'name' | 'portCount' | 'areaId' | 'address' | 'latitude' | 'longitude' | 'coverageRadiusM' | 'notes' | 'externalRef', string>>;

export function LcpFormPage(props: {
  principal: StaffPrincipal;
  lcp?: LcpView | undefined;
  form: FormState<LcpFormValues>;
  areas: AreaOption[];
  map: { tileUrl: string; attribution: string };
}) {
  const { form, lcp } = props;
  const v = form.values;
  const e = form.errors;
  const action = lcp ? `/app/network/lcps/${lcp.id}/edit` : '/app/network/lcps';
  return (
    <AppPage title={lcp ? `Edit LCP ${lcp.code}` : 'Add LCP'} principal={props.principal} active={ACTIVE}>
      <Crumbs items={lcp ? [{ href: '/app/network/lcps', label: 'LCPs' }, { href: `/app/network/lcps/${lcp.id}`, label: lcp.code }, { label: 'Edit' }] : [{ href: '/app/network/lcps', label: 'LCPs' }, { label: 'New' }]} />
      <FormError message={form.message} />
      <form method="post" action={action} class="card" novalidate>
        <CsrfField token={props.principal.csrfToken} />
        <div class="form-grid">
          <Field label="Code" name="code" value={v.code} error={e.code} required hint="Printed on the cabinet, e.g. LCP-01" />
          <Field label="Name" name="name" value={v.name} error={e.name} required />
          <Field label="Feeder ports" name="portCount" type="number" value={v.portCount ?? '8'} error={e.portCount} hint="Ports splitters can hang from (1-256)" />
          <div class={e.areaId ? 'field invalid' : 'field'}>
            <label for="f-areaId">Area</label>
            <select id="f-areaId" name="areaId">
              <option value="">None</option>
              {props.areas.map((a) => (
                <option value={a.id} selected={v.areaId === a.id}>
                  {a.path}
                </option>
              ))}
            </select>
            {e.areaId ? <small class="error">{e.areaId}</small> : null}
          </div>
          <Field label="Address" name="address" value={v.address} error={e.address} />
          <Field label="Coverage radius (metres)" name="coverageRadiusM" type="number" value={v.coverageRadiusM} error={e.coverageRadiusM} hint="Drawn as a circle on the network map" />
          <Field label="External reference" name="externalRef" value={v.externalRef} error={e.externalRef} hint="Its id in another system, if any" />
        </div>
        <LocationFields values={{ latitude: v.latitude, longitude: v.longitude }} errors={e} tileUrl={props.map.tileUrl} attribution={props.map.attribution} />
        <div class={e.notes ? 'field invalid' : 'field'}>
          <label for="f-notes">Notes</label>
          <textarea id="f-notes" name="notes" rows={3}>
            {v.notes ?? ''}
          </textarea>
          {e.notes ? <small class="error">{e.notes}</small> : null}
        </div>
        <button type="submit">{lcp ? 'Save LCP' : 'Add LCP'}</button>
      </form>
    </AppPage>
  );
}

export function LcpDetailPage(props: {
  principal: StaffPrincipal;
  detail: LcpDetail;
  canManage: boolean;
  notice?: string | undefined;
  alert?: string | undefined;
  splitterForm: FormState<Record<string, string | undefined>>;
}) {
  const { lcp, splitters, freeLcpPorts } = props.detail;
  const base = `/app/network/lcps/${lcp.id}`;
  return (
    <AppPage title={`LCP ${lcp.code}`} principal={props.principal} active={ACTIVE}>
      <Crumbs items={[{ href: '/app/network/lcps', label: 'LCPs' }, { label: lcp.code }]} />
      <Notice message={props.notice} />
      <FormError message={props.alert} />
      <section class="card">
        <h2>
          {lcp.name} <ActiveBadge active={lcp.active} />
        </h2>
        <dl>
          <dt>Drop ports</dt>
          <dd>
            <CapacityBar capacity={lcp.capacity} />
          </dd>
          <dt>Feeder ports</dt>
          <dd>{`${lcp.portCount - freeLcpPorts.length}/${lcp.portCount} used by splitters`}</dd>
          <dt>Area</dt>
          <dd>{lcp.areaName ?? '—'}</dd>
          <dt>Address</dt>
          <dd>{lcp.address || '—'}</dd>
          <dt>Location</dt>
          <dd>{lcp.latitude !== null ? `${lcp.latitude}, ${lcp.longitude}` : '—'}</dd>
          <dt>Coverage radius</dt>
          <dd>{lcp.coverageRadiusM !== null ? `${lcp.coverageRadiusM} m` : '—'}</dd>
          {lcp.externalRef ? (
            <>
              <dt>External reference</dt>
              <dd>{lcp.externalRef}</dd>
            </>
          ) : null}
          {lcp.notes ? (
            <>
              <dt>Notes</dt>
              <dd class="pre">{lcp.notes}</dd>
            </>
          ) : null}
        </dl>
        <ItemActions base={base} active={lcp.active} csrfToken={props.principal.csrfToken} canManage={props.canManage} what="LCP">
          {' '}
          <a href={listUrl('/app/network', { lcpId: lcp.id })}>See in the network tree</a>
        </ItemActions>
      </section>
      <section class="card">
        <h2>Splitters</h2>
        {splitters.length === 0 ? <p class="muted">No splitters yet.</p> : null}
        <ul class="plant-children">
          {splitters.map((s) => (
            <li>
              <a href={`/app/network/splitters/${s.id}`}>{s.code}</a> <span class="muted">{`1:${s.ratio} on feeder port ${s.lcpPort}`}</span> <ActiveBadge active={s.active} />{' '}
              <CapacityBar capacity={s.capacity} compact />
            </li>
          ))}
        </ul>
      </section>
      {props.canManage && lcp.active ? (
        <section class="card" id="add-splitter">
          <h2>Add a splitter</h2>
          <FormError message={props.splitterForm.message} />
          {freeLcpPorts.length === 0 ? (
            <p class="muted">Every feeder port has a splitter. Raise the LCP's port count to add more.</p>
          ) : (
            <form method="post" action={`${base}/splitters`} novalidate>
              <CsrfField token={props.principal.csrfToken} />
              <SplitterFormFields form={props.splitterForm} freeLcpPorts={freeLcpPorts} />
              <button type="submit">Add splitter</button>
            </form>
          )}
        </section>
      ) : null}
    </AppPage>
  );
}
