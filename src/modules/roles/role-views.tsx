/** Roles pages: the list with every role's permissions, and the custom role form. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { ALL_PERMISSIONS, PERMISSIONS } from './permissions.ts';
import type { RoleView } from './roles-repository.ts';

export function RolesPage(props: { principal: StaffPrincipal; roles: RoleView[]; notice?: string | undefined; error?: string | undefined; showOutbox: boolean }) {
  const { principal } = props;
  return (
    <AppPage title="Roles" principal={principal} active="/app/roles" showOutbox={props.showOutbox}>
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <FormError message={props.error} />
      <p>
        <a class="button" href="/app/roles/new">
          New custom role
        </a>
      </p>
      <table data-testid="roles">
        <thead>
          <tr>
            <th>Role</th>
            <th>Permissions</th>
            <th>Staff</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {props.roles.map((role) => (
            <tr data-role-id={role.id}>
              <td>
                <strong>{role.name}</strong>
                {role.builtinKey ? <span class="muted"> · built-in</span> : null}
                {role.description ? <div class="muted">{role.description}</div> : null}
              </td>
              <td>{role.permissions.length === 0 ? <span class="muted">None</span> : role.permissions.map((p) => <code title={PERMISSIONS[p]}>{p} </code>)}</td>
              <td>{role.userCount}</td>
              <td>
                {role.builtinKey ? (
                  <span class="muted">Fixed</span>
                ) : (
                  <>
                    <a href={`/app/roles/${role.id}/edit`}>Edit</a>{' '}
                    <form method="post" action={`/app/roles/${role.id}/delete`} class="inline">
                      <CsrfField token={principal.csrfToken} />
                      <button type="submit" class="link">
                        Delete
                      </button>
                    </form>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </AppPage>
  );
}

export interface RoleFormValues {
  name?: string | undefined;
  description?: string | undefined;
  permissions: readonly string[];
}

export function RoleFormPage(props: {
  principal: StaffPrincipal;
  roleId?: string | undefined;
  values: RoleFormValues;
  errors: Record<string, string>;
  message?: string | undefined;
  showOutbox: boolean;
}) {
  const editing = props.roleId !== undefined;
  const permissionsError = Object.entries(props.errors).find(([field]) => field.startsWith('permissions'))?.[1];
  return (
    <AppPage title={editing ? 'Edit role' : 'New custom role'} principal={props.principal} active="/app/roles" showOutbox={props.showOutbox}>
      <FormError message={props.message} />
      <form method="post" action={editing ? `/app/roles/${props.roleId}` : '/app/roles'} novalidate class="card">
        <CsrfField token={props.principal.csrfToken} />
        <Field label="Name" name="name" value={props.values.name} error={props.errors.name} required />
        <Field label="Description" name="description" value={props.values.description} error={props.errors.description} />
        <fieldset class={permissionsError ? 'field checks invalid' : 'field checks'}>
          <legend>Permissions</legend>
          {ALL_PERMISSIONS.map((p) => (
            <label>
              <input type="checkbox" name="permissions" value={p} checked={props.values.permissions.includes(p)} /> <code>{p}</code>{' '}
              <span class="muted">{PERMISSIONS[p]}</span>
            </label>
          ))}
          {permissionsError ? <small class="error">{permissionsError}</small> : null}
        </fieldset>
        <button type="submit">{editing ? 'Save role' : 'Create role'}</button> <a href="/app/roles">Cancel</a>
      </form>
    </AppPage>
  );
}
