/** The splitters list, the splitter page (its NAPs and the add-NAP form) and the splitter edit form. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { ListFooter, SortHeader, type ListParams } from '../../views/list-controls.tsx';
import { LocationFields } from '../../views/location-fields.tsx';
import { AppPage, CsrfField, FormError } from '../../views/layout.tsx';
import { NapFormFields } from './nap-views.tsx';
import type { SplitterView } from './plant-views.ts';
import { SplitterFormFields, type FormState } from './plant-forms.tsx';
import type { SplitterDetail } from './read-plant.ts';
import { ActiveBadge, CapacityBar, Crumbs, ItemActions, Notice } from './plant-widgets.tsx';
import { PlantListFilters } from './plant-list-filters.tsx';

type Values = Record<string, string | undefined>;

export function SplitterListPage(props: { principal: StaffPrincipal; items: SplitterView[]; nextCursor: string | null; params: ListParams; lcps: { id: string; code: string }[] }) {
  const { params } = props;
  const path = '/app/network/splitters';
  const sort = params.sort ?? 'branch';
  const dir = params.dir === 'desc' ? 'desc' : 'asc';
  return (
    <AppPage title="Splitters" principal={props.principal} active="/app/network">
      <Crumbs items={[{ label: 'Splitters' }]} />
      <PlantListFilters path={path} params={params} sort={sort} dir={dir} searchPlaceholder="Splitter or LCP code" where={{ name: 'lcpId', label: 'LCP', options: props.lcps.map((l) => ({ id: l.id, label: l.code })) }} />
      <div class="table-scroll">
        <table data-testid="splitters">
          <thead>
            <tr>
              <SortHeader path={path} params={params} sort="code" label="Code" current={sort} dir={dir} />
              <SortHeader path={path} params={params} sort="branch" label="LCP / feeder port" current={sort} dir={dir} />
              <SortHeader path={path} params={params} sort="ratio" label="Ratio" current={sort} dir={dir} />
              <th>Drop ports</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((s) => (
              <tr data-splitter-id={s.id}>
                <td>
                  <a href={`/app/network/splitters/${s.id}`}>{s.code}</a> <ActiveBadge active={s.active} />
                </td>
                <td>
                  <a href={`/app/network/lcps/${s.lcpId}`}>{s.lcpCode}</a> port {s.lcpPort}
                </td>
                <td>1:{s.ratio}</td>
                <td>
                  <CapacityBar capacity={s.capacity} />
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

export function SplitterDetailPage(props: {
  principal: StaffPrincipal;
  detail: SplitterDetail;
  canManage: boolean;
  notice?: string | undefined;
  alert?: string | undefined;
  napForm: FormState<Values>;
  map: { tileUrl: string; attribution: string };
}) {
  const { splitter, naps, freeSplitterPorts } = props.detail;
  const base = `/app/network/splitters/${splitter.id}`;
  return (
    <AppPage title={`Splitter ${splitter.code}`} principal={props.principal} active="/app/network">
      <Crumbs items={[{ href: `/app/network/lcps/${splitter.lcpId}`, label: splitter.lcpCode }, { label: splitter.code }]} />
      <Notice message={props.notice} />
      <FormError message={props.alert} />
      <section class="card">
        <h2>
          {`Splitter ${splitter.code} (1:${splitter.ratio})`} <ActiveBadge active={splitter.active} />
        </h2>
        <dl>
          <dt>Drop ports</dt>
          <dd>
            <CapacityBar capacity={splitter.capacity} />
          </dd>
          <dt>Output ports</dt>
          <dd>{`${splitter.ratio - freeSplitterPorts.length}/${splitter.ratio} feed a NAP`}</dd>
          <dt>LCP</dt>
          <dd>
            <a href={`/app/network/lcps/${splitter.lcpId}`}>{splitter.lcpCode}</a>
            {`, feeder port ${splitter.lcpPort}`}
          </dd>
          {splitter.externalRef ? (
            <>
              <dt>External reference</dt>
              <dd>{splitter.externalRef}</dd>
            </>
          ) : null}
          {splitter.notes ? (
            <>
              <dt>Notes</dt>
              <dd class="pre">{splitter.notes}</dd>
            </>
          ) : null}
        </dl>
        <ItemActions base={base} active={splitter.active} csrfToken={props.principal.csrfToken} canManage={props.canManage} what="splitter" />
      </section>
      <section class="card">
        <h2>NAP boxes</h2>
        {naps.length === 0 ? <p class="muted">No NAPs yet.</p> : null}
        <ul class="plant-children">
          {naps.map((n) => (
            <li>
              <a href={`/app/network/naps/${n.id}`}>{n.code}</a> <span class="muted">{`${n.name ? `${n.name}, ` : ''}splitter port ${n.splitterPort}`}</span> <ActiveBadge active={n.active} />{' '}
              <CapacityBar capacity={n.capacity} compact />
            </li>
          ))}
        </ul>
      </section>
      {props.canManage && splitter.active && splitter.lcpActive ? (
        <section class="card" id="add-nap">
          <h2>Add a NAP box</h2>
          <FormError message={props.napForm.message} />
          {freeSplitterPorts.length === 0 ? (
            <p class="muted">Every output port feeds a NAP.</p>
          ) : (
            <form method="post" action={`${base}/naps`} novalidate>
              <CsrfField token={props.principal.csrfToken} />
              <NapFormFields form={props.napForm} freeSplitterPorts={freeSplitterPorts} />
              <LocationFields values={props.napForm.values} errors={props.napForm.errors} tileUrl={props.map.tileUrl} attribution={props.map.attribution} />
              <button type="submit">Add NAP</button>
            </form>
          )}
        </section>
      ) : null}
    </AppPage>
  );
}

export function SplitterFormPage(props: { principal: StaffPrincipal; detail: SplitterDetail; form: FormState<Values> }) {
  const { splitter, freeLcpPorts } = props.detail;
  return (
    <AppPage title={`Edit splitter ${splitter.code}`} principal={props.principal} active="/app/network">
      <Crumbs items={[{ href: `/app/network/lcps/${splitter.lcpId}`, label: splitter.lcpCode }, { href: `/app/network/splitters/${splitter.id}`, label: splitter.code }, { label: 'Edit' }]} />
      <FormError message={props.form.message} />
      <form method="post" action={`/app/network/splitters/${splitter.id}/edit`} class="card" novalidate>
        <CsrfField token={props.principal.csrfToken} />
        <SplitterFormFields form={props.form} freeLcpPorts={freeLcpPorts} />
        <button type="submit">Save splitter</button>
      </form>
    </AppPage>
  );
}
