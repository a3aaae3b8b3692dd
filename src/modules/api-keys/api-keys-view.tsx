/** The API keys page: the new key (once), the create form and the list. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { PERMISSIONS, type Permission } from '../roles/permissions.ts';
import type { ApiKeyRecord } from './api-keys-repository.ts';

export interface ApiKeysPageProps {
  principal: StaffPrincipal;
  keys: ApiKeyRecord[];
  nextCursor: string | null;
  /** Just created: the whole key, shown this once. */
  created?: { name: string; key: string } | undefined;
  values: { name?: string; permissions?: string[] };
  errors: Record<string, string>;
  message?: string | undefined;
  notice?: string | undefined;
  showOutbox: boolean;
}

const when = (d: Date | null) => (d ? <time datetime={d.toISOString()}>{d.toISOString().slice(0, 16).replace('T', ' ')} UTC</time> : <span class="muted">never</span>);

export function ApiKeysPage(props: ApiKeysPageProps) {
  const held = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => props.principal.actor.permissions.has(p));
  const chosen = new Set(props.values.permissions ?? []);
  const permissionError = Object.entries(props.errors).find(([k]) => k === 'permissions' || k.startsWith('permissions.'))?.[1];
  return (
    <AppPage title="API keys" principal={props.principal} active="/app/api-keys" showOutbox={props.showOutbox}>
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      {props.created ? (
        <div class="notice" data-testid="new-api-key">
          <p>
            <strong>{props.created.name}</strong> is ready. Copy the key now: it will not be shown again.
          </p>
          <pre>
            <code>{props.created.key}</code>
          </pre>
        </div>
      ) : null}
      <FormError message={props.message} />
      <form method="post" action="/app/api-keys" class="card" novalidate>
        <CsrfField token={props.principal.csrfToken} />
        <h2>New API key</h2>
        <Field label="Name" name="name" value={props.values.name} error={props.errors.name} required hint="What uses it, e.g. “RADIUS sync”" />
        <fieldset class={permissionError ? 'field checks invalid' : 'field checks'}>
          <legend>Permissions</legend>
          {held.map((p) => (
            <label>
              <input type="checkbox" name="permissions" value={p} checked={chosen.has(p)} /> <code>{p}</code> <span class="muted">{PERMISSIONS[p]}</span>
            </label>
          ))}
          {permissionError ? <small class="error">{permissionError}</small> : null}
        </fieldset>
        <button type="submit">Create key</button>
      </form>
      {props.keys.length === 0 ? (
        <p class="muted">No API keys yet.</p>
      ) : (
        <table data-testid="api-keys">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Permissions</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Revoked</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {props.keys.map((k) => (
              <tr>
                <td>{k.name}</td>
                <td>
                  <code>lm_…_{k.keyPrefix}…</code>
                </td>
                <td>{k.permissions.join(', ')}</td>
                <td>
                  {when(k.createdAt)}
                  {k.createdBy ? <small class="muted"> by {k.createdBy.name}</small> : null}
                </td>
                <td>{when(k.lastUsedAt)}</td>
                <td>{k.revokedAt ? when(k.revokedAt) : ''}</td>
                <td>
                  {k.revokedAt ? null : (
                    <form method="post" action={`/app/api-keys/${k.id}/revoke`} class="inline">
                      <CsrfField token={props.principal.csrfToken} />
                      <button type="submit" class="danger">
                        Revoke
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.nextCursor ? (
        <p>
          <a href={`/app/api-keys?cursor=${encodeURIComponent(props.nextCursor)}`} rel="next">
            Older
          </a>
        </p>
      ) : null}
    </AppPage>
  );
}
