/**
 * The areas page: the hierarchy as an indented tree with customer counts and inline forms
 * to add top-level areas and sub-areas, or, when searching, a flat sortable list with full
 * paths. Everything works without JavaScript: inline forms open with <details>.
 */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { ListFooter, SortHeader, listUrl, type ListParams } from '../../views/list-controls.tsx';
import type { AreaView } from './areas-repository.ts';
import type { AreaNode } from './list-areas.ts';

export interface AreaFormValues {
  name?: string | undefined;
  code?: string | undefined;
  kind?: string | undefined;
  parentId?: string | undefined;
}

/** A failed add-area form to show again, open, with its values and messages. */
export interface FailedAdd {
  parentId: string;
  values: AreaFormValues;
  errors: Record<string, string>;
}

interface Common {
  principal: StaffPrincipal;
  canManage: boolean;
  notice?: string | undefined;
  error?: string | undefined;
}

/** Add-area form: top-level when parentId is empty. Field ids are prefixed so many forms can share a page. */
function AddAreaForm(props: { principal: StaffPrincipal; parentId: string; failed?: FailedAdd | undefined; label: string }) {
  const failed = props.failed?.parentId === props.parentId ? props.failed : undefined;
  const v = failed?.values ?? {};
  const e = failed?.errors ?? {};
  const prefix = props.parentId ? `add-${props.parentId}` : 'add-top';
  return (
    <form method="post" action="/app/areas" class="area-add" novalidate id={prefix}>
      <CsrfField token={props.principal.csrfToken} />
      <input type="hidden" name="parentId" value={props.parentId} />
      {failed ? <FormError message="Please fix the highlighted fields. Nothing was saved." /> : null}
      {e.parentId ? <p class="error">{e.parentId}</p> : null}
      <div class="form-grid">
        <LabelledInput prefix={prefix} name="name" label="Name" value={v.name} error={e.name} required />
        <LabelledInput prefix={prefix} name="code" label="Code (optional)" value={v.code} error={e.code} />
        <LabelledInput prefix={prefix} name="kind" label="Kind (e.g. Province, Barangay)" value={v.kind} error={e.kind} />
      </div>
      <button type="submit">{props.label}</button>
    </form>
  );
}

function LabelledInput(props: { prefix: string; name: string; label: string; value?: string | undefined; error?: string | undefined; required?: boolean }) {
  const id = `${props.prefix}-${props.name}`;
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <input id={id} name={props.name} value={props.value ?? ''} required={props.required} aria-invalid={props.error ? 'true' : undefined} />
      {props.error ? <small class="error">{props.error}</small> : null}
    </div>
  );
}

export function ActiveButton(props: { principal: StaffPrincipal; area: AreaView; compact?: boolean }) {
  const { area } = props;
  return (
    <form method="post" action={`/app/areas/${area.id}/${area.active ? 'deactivate' : 'reactivate'}`} class="inline">
      <CsrfField token={props.principal.csrfToken} />
      <button type="submit" class={props.compact ? 'link' : 'secondary'}>
        {area.active ? 'Deactivate' : 'Reactivate'}
      </button>
    </form>
  );
}

/** Delete behind a second click, so it never happens by accident (and needs no JavaScript). */
export function DeleteButton(props: { principal: StaffPrincipal; area: AreaView }) {
  return (
    <details class="confirm">
      <summary>Delete…</summary>
      <form method="post" action={`/app/areas/${props.area.id}/delete`}>
        <CsrfField token={props.principal.csrfToken} />
        <p>Delete “{props.area.path}”? Only an area with no sub-areas, customers or LCPs can be deleted.</p>
        <button type="submit" class="danger">
          Delete area
        </button>
      </form>
    </details>
  );
}

function TreeNode(props: { node: AreaNode; principal: StaffPrincipal; canManage: boolean; failed?: FailedAdd | undefined }) {
  const { node, principal } = props;
  return (
    <li data-area-id={node.id} class={node.active ? undefined : 'inactive'}>
      <div class="area-row">
        <strong>{node.name}</strong>
        {node.code ? <code> {node.code}</code> : null}
        {node.kind ? <span class="badge">{node.kind}</span> : null}
        {node.active ? null : <span class="badge">Inactive</span>}
        <span class="muted" data-testid="customer-count">
          {' '}
          · {node.customers} {node.customers === 1 ? 'customer' : 'customers'}
          {node.children.length > 0 ? ` (${node.customersWithin} with sub-areas)` : ''}
        </span>
        {props.canManage ? (
          <span class="area-actions">
            <a href={`/app/areas/${node.id}/edit`}>Edit</a> <ActiveButton principal={principal} area={node} compact />
          </span>
        ) : null}
      </div>
      {props.canManage && node.active ? (
        <details class="area-add-child" open={props.failed?.parentId === node.id}>
          <summary>Add sub-area</summary>
          <AddAreaForm principal={principal} parentId={node.id} failed={props.failed} label={`Add under ${node.name}`} />
        </details>
      ) : null}
      {node.children.length > 0 ? (
        <ul>
          {node.children.map((child) => (
            <TreeNode node={child} principal={principal} canManage={props.canManage} failed={props.failed} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function SearchForm(props: { q: string; active: string }) {
  return (
    <form method="get" action="/app/areas" class="filters" role="search">
      <input type="hidden" name="view" value="list" />
      <div class="field">
        <label for="f-q">Search</label>
        <input id="f-q" name="q" type="search" value={props.q} placeholder="Name, code or path" />
      </div>
      <div class="field">
        <label for="f-active">Status</label>
        <select id="f-active" name="active">
          <option value="">Any</option>
          <option value="true" selected={props.active === 'true'}>
            Active
          </option>
          <option value="false" selected={props.active === 'false'}>
            Inactive
          </option>
        </select>
      </div>
      <div class="field">
        <button type="submit" class="secondary">
          Search
        </button>
      </div>
    </form>
  );
}

export function AreaTreePage(props: Common & { roots: AreaNode[]; total: number; tooMany: boolean; failed?: FailedAdd | undefined }) {
  const { principal } = props;
  return (
    <AppPage title="Service areas" principal={principal} active="/app/areas">
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <FormError message={props.error} />
      <SearchForm q="" active="" />
      <p>
        <strong>Tree</strong> · <a href="/app/areas?view=list">List</a> · <a href={listUrl('/app/areas', { format: 'csv' })}>Export CSV</a>
      </p>
      {props.tooMany ? (
        <p class="muted">There are too many areas to draw as a tree. Use the search or the list.</p>
      ) : props.roots.length === 0 ? (
        <p class="muted">No areas yet. Add your first one below (for example a province or a county), or import a list from CSV.</p>
      ) : (
        <ul class="area-tree" data-testid="area-tree">
          {props.roots.map((node) => (
            <TreeNode node={node} principal={principal} canManage={props.canManage} failed={props.failed} />
          ))}
        </ul>
      )}
      {props.canManage ? (
        <section class="card" id="add-area">
          <h2>Add a top-level area</h2>
          <AddAreaForm principal={principal} parentId="" failed={props.failed} label="Add area" />
        </section>
      ) : null}
    </AppPage>
  );
}

export function AreaListPage(props: Common & { items: AreaView[]; nextCursor: string | null; params: ListParams & { sort: string; dir: 'asc' | 'desc' } }) {
  const { principal, params } = props;
  const header = (sort: string, label: string) => <SortHeader path="/app/areas" params={params} sort={sort} label={label} current={params.sort} dir={params.dir} />;
  return (
    <AppPage title="Service areas" principal={principal} active="/app/areas">
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <FormError message={props.error} />
      <SearchForm q={params.q ?? ''} active={params.active ?? ''} />
      <p>
        <a href="/app/areas">Tree</a> · <strong>List</strong>
      </p>
      <div class="table-scroll">
        <table data-testid="areas">
          <thead>
            <tr>
              {header('path', 'Full path')}
              {header('name', 'Name')}
              <th>Code</th>
              <th>Kind</th>
              <th>Status</th>
              {header('created', 'Added')}
              {props.canManage ? <th></th> : null}
            </tr>
          </thead>
          <tbody>
            {props.items.map((a) => (
              <tr data-area-id={a.id}>
                <td>{a.path}</td>
                <td>{a.name}</td>
                <td>{a.code ?? ''}</td>
                <td>{a.kind}</td>
                <td>{a.active ? 'Active' : 'Inactive'}</td>
                <td>{a.createdAt.toISOString().slice(0, 10)}</td>
                {props.canManage ? (
                  <td>
                    <a href={`/app/areas/${a.id}/edit`}>Edit</a>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ListFooter path="/app/areas" params={params} nextCursor={props.nextCursor} count={props.items.length} />
    </AppPage>
  );
}

export function AreaEditPage(props: {
  principal: StaffPrincipal;
  area: AreaView;
  values: AreaFormValues;
  errors: Record<string, string>;
  message?: string | undefined;
  /** Areas it may move under: everything but itself and its own sub-areas. */
  parents: { id: string; path: string; active: boolean }[];
}) {
  const { principal, area, values, errors } = props;
  return (
    <AppPage title={`Edit area: ${area.path}`} principal={principal} active="/app/areas">
      <p>
        <a href="/app/areas">← All areas</a>
      </p>
      <section class="card">
        <FormError message={props.message} />
        <form method="post" action={`/app/areas/${area.id}`} novalidate>
          <CsrfField token={principal.csrfToken} />
          <Field label="Name" name="name" value={values.name} error={errors.name} required />
          <Field label="Code (optional)" name="code" value={values.code} error={errors.code} />
          <Field label="Kind" name="kind" value={values.kind} error={errors.kind} hint="What this level is called, e.g. Province, City, Barangay" />
          <div class={errors.parentId ? 'field invalid' : 'field'}>
            <label for="f-parentId">Inside</label>
            <select id="f-parentId" name="parentId" aria-invalid={errors.parentId ? 'true' : undefined}>
              <option value="" selected={!values.parentId}>
                — Top level —
              </option>
              {props.parents.map((p) => (
                <option value={p.id} selected={p.id === values.parentId}>
                  {p.path}
                  {p.active ? '' : ' (inactive)'}
                </option>
              ))}
            </select>
            {errors.parentId ? <small class="error">{errors.parentId}</small> : null}
          </div>
          <button type="submit">Save area</button>
        </form>
      </section>
      <section class="card">
        <h2>Status</h2>
        <p>
          {area.active
            ? 'Active. Deactivating also deactivates every area below it; customers and LCPs in them keep their area.'
            : 'Inactive: it is not offered for new customers or LCPs.'}
        </p>
        <ActiveButton principal={principal} area={area} />
        <DeleteButton principal={principal} area={area} />
      </section>
    </AppPage>
  );
}
