/** The team page: staff table with search, per-row actions, and the invite form. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import type { RoleView } from '../roles/roles-repository.ts';
import { mayManage } from '../roles/role-rules.ts';
import type { UserView } from './users-repository.ts';

export interface InviteValues {
  name?: string | undefined;
  email?: string | undefined;
  roleId?: string | undefined;
}

export interface TeamPageProps {
  principal: StaffPrincipal;
  users: UserView[];
  nextCursor: string | null;
  q: string;
  status: string;
  /** Empty when the viewer may not manage staff: no actions are shown at all. */
  roles: RoleView[];
  canManage: boolean;
  notice?: string | undefined;
  invite: { values: InviteValues; errors: Record<string, string>; message?: string | undefined };
  showOutbox: boolean;
}

const STATUS_LABELS: Record<string, string> = { invited: 'Invited', active: 'Active', deactivated: 'Deactivated' };

function when(date: Date | null): string {
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'Never';
}

function RoleSelect(props: { roles: { id: string; name: string }[]; selected?: string | undefined; id?: string; error?: boolean; placeholder?: string }) {
  return (
    <select name="roleId" id={props.id} aria-invalid={props.error ? 'true' : undefined}>
      {props.placeholder ? (
        <option value="" selected={!props.selected}>
          {props.placeholder}
        </option>
      ) : null}
      {props.roles.map((r) => (
        <option value={r.id} selected={r.id === props.selected}>
          {r.name}
        </option>
      ))}
    </select>
  );
}

function RowActions(props: { user: UserView; principal: StaffPrincipal; roles: RoleView[] }) {
  const { user, principal } = props;
  if (!mayManage(principal.actor, user)) return <span class="muted">—</span>;
  const self = user.id === principal.userId;
  // The current role is always listed so the select shows it, even when the viewer could not grant it.
  const options = props.roles.some((r) => r.id === user.roleId) ? props.roles : [{ id: user.roleId, name: user.roleName }, ...props.roles];
  return (
    <div class="row-actions">
      <form method="post" action={`/app/team/${user.id}/role`} class="inline">
        <CsrfField token={principal.csrfToken} />
        <RoleSelect roles={options} selected={user.roleId} />{' '}
        <button type="submit" class="secondary">
          Change role
        </button>
      </form>{' '}
      {self ? null : user.status === 'deactivated' ? (
        <form method="post" action={`/app/team/${user.id}/reactivate`} class="inline">
          <CsrfField token={principal.csrfToken} />
          <button type="submit" class="secondary">
            Reactivate
          </button>
        </form>
      ) : (
        <form method="post" action={`/app/team/${user.id}/deactivate`} class="inline">
          <CsrfField token={principal.csrfToken} />
          <button type="submit" class="danger">
            Deactivate
          </button>
        </form>
      )}
    </div>
  );
}

export function TeamPage(props: TeamPageProps) {
  const { principal, invite } = props;
  const nextHref = props.nextCursor
    ? `/app/team?${new URLSearchParams({ ...(props.q ? { q: props.q } : {}), ...(props.status ? { status: props.status } : {}), cursor: props.nextCursor }).toString()}`
    : undefined;
  return (
    <AppPage title="Team" principal={principal} active="/app/team" showOutbox={props.showOutbox}>
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <form method="get" action="/app/team" class="filters" role="search">
        <div class="field">
          <label for="f-q">Search</label>
          <input id="f-q" name="q" type="search" value={props.q} placeholder="Name or email" />
        </div>
        <div class="field">
          <label for="f-status">Status</label>
          <select id="f-status" name="status">
            <option value="">Any</option>
            {Object.entries(STATUS_LABELS).map(([value, label]) => (
              <option value={value} selected={props.status === value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <button type="submit" class="secondary">
            Search
          </button>
        </div>
      </form>
      <table data-testid="team">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Status</th>
            <th>Last sign-in</th>
            {props.canManage ? <th>Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.users.length === 0 ? (
            <tr>
              <td colSpan={props.canManage ? 6 : 5} class="muted">
                Nobody matches.
              </td>
            </tr>
          ) : (
            props.users.map((u) => (
              <tr data-user-id={u.id}>
                <td>
                  {u.name}
                  {u.id === principal.userId ? <span class="muted"> (you)</span> : null}
                </td>
                <td>{u.email}</td>
                <td>{u.isOwner ? 'Owner' : u.roleName}</td>
                <td>{STATUS_LABELS[u.status] ?? u.status}</td>
                <td>{when(u.lastSignInAt)}</td>
                {props.canManage ? (
                  <td>
                    <RowActions user={u} principal={principal} roles={props.roles} />
                  </td>
                ) : null}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {nextHref ? (
        <p>
          <a href={nextHref}>Next page</a>
        </p>
      ) : null}
      {props.canManage ? (
        <section class="card" id="invite">
          <h2>Invite someone</h2>
          <FormError message={invite.message} />
          <form method="post" action="/app/team/invite" novalidate>
            <CsrfField token={principal.csrfToken} />
            <Field label="Name" name="name" value={invite.values.name} error={invite.errors.name} required autocomplete="off" />
            <Field label="Email" name="email" type="email" value={invite.values.email} error={invite.errors.email} required autocomplete="off" />
            <div class={invite.errors.roleId ? 'field invalid' : 'field'}>
              <label for="f-roleId">Role</label>
              {/* No preselected role: inviting someone as Admin by accident should take a choice. */}
              <RoleSelect roles={props.roles} selected={invite.values.roleId} id="f-roleId" error={Boolean(invite.errors.roleId)} placeholder="Choose a role…" />
              {invite.errors.roleId ? <small class="error">{invite.errors.roleId}</small> : null}
            </div>
            <button type="submit">Send invitation</button>
          </form>
        </section>
      ) : null}
    </AppPage>
  );
}
