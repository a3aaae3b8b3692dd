/** The audit log page: filters, the entries with their changes, and an "Older" link. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, FormError } from '../../views/layout.tsx';
import { formatDateTime } from '../../lib/zoned-time.ts';
import { showValue } from './audit-changes.ts';
import type { AuditEventView, ListAuditEventsInput } from './list-audit-events.ts';

export type AuditFilters = Pick<ListAuditEventsInput, 'actorId' | 'action' | 'entityType' | 'entityId' | 'from' | 'to'>;

export interface AuditPageProps {
  principal: StaffPrincipal;
  filters: AuditFilters;
  actors: { id: string; name: string; email: string }[];
  items: AuditEventView[];
  nextCursor: string | null;
  timeZone: string;
  locale: string;
  errors: Record<string, string>;
  showOutbox: boolean;
}

function FilterInput(props: { label: string; name: keyof AuditFilters; value: string | undefined; type?: string; placeholder?: string; error?: string | undefined }) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <input id={id} name={props.name} type={props.type ?? 'text'} value={props.value ?? ''} placeholder={props.placeholder} aria-invalid={props.error ? 'true' : undefined} />
      {props.error ? <small class="error">{props.error}</small> : null}
    </div>
  );
}

function olderHref(filters: AuditFilters, cursor: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (typeof v === 'string' && v !== '') params.set(k, v);
  params.set('cursor', cursor);
  return `/app/audit?${params.toString()}`;
}

export function AuditPage(props: AuditPageProps) {
  const f = props.filters;
  const e = props.errors;
  return (
    <AppPage title="Audit log" principal={props.principal} active="/app/audit" showOutbox={props.showOutbox}>
      <FormError message={Object.keys(e).length > 0 ? 'Please fix the highlighted filters.' : undefined} />
      <form method="get" action="/app/audit" class="filters">
        <div class={e.actorId ? 'field invalid' : 'field'}>
          <label for="f-actorId">Actor</label>
          <select id="f-actorId" name="actorId">
            <option value="">Anyone</option>
            {props.actors.map((a) => (
              <option value={a.id} selected={a.id === f.actorId}>
                {a.name} ({a.email})
              </option>
            ))}
          </select>
          {e.actorId ? <small class="error">{e.actorId}</small> : null}
        </div>
        <FilterInput label="Action starts with" name="action" value={f.action} placeholder="user." error={e.action} />
        <FilterInput label="Entity type" name="entityType" value={f.entityType} placeholder="user" error={e.entityType} />
        <FilterInput label="Entity id" name="entityId" value={f.entityId} error={e.entityId} />
        <FilterInput label="From" name="from" type="date" value={f.from} error={e.from} />
        <FilterInput label="To" name="to" type="date" value={f.to} error={e.to} />
        <div class="field">
          <button type="submit">Filter</button>
        </div>
      </form>
      <p class="muted">Times in {props.timeZone}.</p>
      {props.items.length === 0 ? (
        <p class="muted">No entries match.</p>
      ) : (
        <table data-testid="audit-events">
          <thead>
            <tr>
              <th>Time</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Entity</th>
              <th>IP</th>
              <th>Changes</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => (
              <tr>
                <td>
                  <time datetime={item.occurredAt.toISOString()}>{formatDateTime(item.occurredAt, props.timeZone, props.locale)}</time>
                </td>
                <td>
                  {item.actorLabel || <span class="muted">{item.actorType}</span>}
                  {item.actorType !== 'user' ? <small class="muted"> ({item.actorType.replace('_', ' ')})</small> : null}
                </td>
                <td>
                  <code>{item.action}</code>
                </td>
                <td>
                  {item.entityType}
                  {item.entityId ? (
                    <>
                      <br />
                      <small class="muted">{item.entityId}</small>
                    </>
                  ) : null}
                </td>
                <td>{item.ip ?? ''}</td>
                <td>
                  {item.changes.length === 0 ? null : (
                    <ul class="changes">
                      {item.changes.map((c) => (
                        <li>
                          {c.key ? <strong>{c.key}: </strong> : null}
                          <del>{showValue(c.before)}</del> → <ins>{showValue(c.after)}</ins>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.nextCursor ? (
        <p>
          <a href={olderHref(f, props.nextCursor)} rel="next">
            Older
          </a>
        </p>
      ) : null}
    </AppPage>
  );
}
