/** Pages of the platform console. They show tenants and counts, never a tenant's people or money. */
import type { ComponentChildren } from 'preact';
import type { PlatformOperator } from '../../http/platform-auth.ts';
import { BarePage, CsrfField, Field, FormError, SignOutForm } from '../../views/layout.tsx';
import type { PlatformAuditRow } from './record-platform-audit-event.ts';
import type { TenantOverview, TenantsOverviewPage } from './tenants-overview.ts';
import { MAX_REASON_LENGTH } from './suspend-tenant.ts';

function day(d: Date | null): string {
  return d ? d.toISOString().slice(0, 10) : '';
}

function minute(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function PlatformShell(props: { title: string; operator: PlatformOperator; children: ComponentChildren }) {
  const op = props.operator;
  return (
    <BarePage title={props.title} csrfToken={op.csrfToken}>
      <header class="topbar">
        <a class="brand" href="/platform">
          Lastmile platform
        </a>
        <nav>
          <a href="/platform" class="active">
            Tenants
          </a>
        </nav>
        <div class="me">
          <span data-testid="operator">{op.name || op.email}</span>
          <SignOutForm action="/platform/logout" csrfToken={op.csrfToken} />
        </div>
      </header>
      <main>
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </BarePage>
  );
}

export function PlatformLoginPage(props: { csrf: string; next: string; email?: string | undefined; message?: string | undefined; notice?: string | undefined }) {
  return (
    <BarePage title="Platform sign-in">
      <main class="narrow">
        <h1>Lastmile platform</h1>
        <p class="muted">For operators of this Lastmile deployment. Company staff sign in at <a href="/login">/login</a>.</p>
        {props.notice ? <p class="notice">{props.notice}</p> : null}
        <FormError message={props.message} />
        <form method="post" action="/platform/login" novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="next" value={props.next} />
          <Field label="Email" name="email" type="email" value={props.email} required autocomplete="username" />
          <Field label="Password" name="password" type="password" required autocomplete="current-password" />
          <button type="submit">Sign in</button>
        </form>
      </main>
    </BarePage>
  );
}

/** A failed suspension shown on its own row, with what was typed. */
export interface RowError {
  tenantId: string;
  message: string;
  reason: string;
}

export function ConsolePage(props: {
  operator: PlatformOperator;
  overview: TenantsOverviewPage;
  audit: PlatformAuditRow[];
  notice?: string | undefined;
  rowError?: RowError | undefined;
  firstPage: boolean;
}) {
  const { overview } = props;
  return (
    <PlatformShell title="Tenants" operator={props.operator}>
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      {props.rowError ? <FormError message={props.rowError.message} /> : null}
      {overview.uncountedTables.length > 0 ? (
        <p class="alert">Not counted (the platform role cannot read them): {overview.uncountedTables.join(', ')}</p>
      ) : null}
      <p class="muted">Newest first. Sizes are row counts only; the console never shows a tenant's subscribers, staff or money.</p>
      <table data-testid="tenants">
        <thead>
          <tr>
            <th>Company</th>
            <th>Status</th>
            <th>Created</th>
            <th>Staff</th>
            <th>Rows</th>
            <th>Action</th>
          </tr>
        </thead>
        <tbody>
          {overview.tenants.length === 0 ? (
            <tr>
              <td colSpan={6} class="muted">
                No tenants yet.
              </td>
            </tr>
          ) : (
            overview.tenants.map((t) => (
              <TenantRow tenant={t} csrf={props.operator.csrfToken} error={props.rowError?.tenantId === t.id ? props.rowError : undefined} />
            ))
          )}
        </tbody>
      </table>
      <p>
        {props.firstPage ? null : <a href="/platform">First page</a>}
        {props.firstPage || !overview.nextCursor ? null : ' · '}
        {overview.nextCursor ? <a href={`/platform?cursor=${encodeURIComponent(overview.nextCursor)}`}>Next page</a> : null}
      </p>
      <h2>Recent platform activity</h2>
      <AuditTable rows={props.audit} />
    </PlatformShell>
  );
}

function TenantRow(props: { tenant: TenantOverview; csrf: string; error?: RowError | undefined }) {
  const t = props.tenant;
  const tables = Object.entries(t.rowCounts).sort(([a], [b]) => a.localeCompare(b));
  return (
    <tr data-testid="tenant-row" data-tenant-id={t.id}>
      <td>
        <strong data-testid="tenant-name">{t.name}</strong>
        <br />
        <small class="muted">{t.slug}</small>
      </td>
      <td data-testid="tenant-status">
        {t.status === 'suspended' ? (
          <>
            <strong class="error">Suspended</strong> <small class="muted">since {day(t.suspendedAt)}</small>
            <br />
            <small>{t.suspendedReason}</small>
          </>
        ) : (
          'Active'
        )}
      </td>
      <td>{day(t.createdAt)}</td>
      <td data-testid="staff-count">{t.staffCount}</td>
      <td>
        <details>
          <summary data-testid="total-rows">{t.totalRows}</summary>
          <ul class="counts">
            {tables.map(([table, n]) => (
              <li>
                {table}: <span data-testid={`rows-${table}`}>{n}</span>
              </li>
            ))}
          </ul>
        </details>
      </td>
      <td>
        {t.status === 'suspended' ? (
          <form method="post" action={`/platform/tenants/${t.id}/reactivate`}>
            <CsrfField token={props.csrf} />
            <button type="submit" class="secondary">
              Reactivate
            </button>
          </form>
        ) : (
          <form method="post" action={`/platform/tenants/${t.id}/suspend`}>
            <CsrfField token={props.csrf} />
            <div class={props.error ? 'field invalid' : 'field'}>
              <label for={`reason-${t.id}`}>Reason</label>
              <input
                id={`reason-${t.id}`}
                name="reason"
                value={props.error?.reason ?? ''}
                maxLength={MAX_REASON_LENGTH}
                required
                aria-invalid={props.error ? 'true' : undefined}
                aria-describedby={props.error ? `reason-${t.id}-error` : undefined}
              />
              {props.error ? (
                <small id={`reason-${t.id}-error`} class="error">
                  {props.error.message}
                </small>
              ) : null}
            </div>
            <button type="submit" class="danger">
              Suspend
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

const ACTION_LABELS: Record<string, string> = {
  'tenant.suspended': 'Suspended tenant',
  'tenant.reactivated': 'Reactivated tenant',
  'platform.signed_in': 'Signed in',
  'platform.sign_in_failed': 'Failed sign-in',
  'platform.signed_out': 'Signed out',
  'platform_admin.created': 'Operator created',
};

function AuditTable(props: { rows: PlatformAuditRow[] }) {
  if (props.rows.length === 0) return <p class="muted">Nothing yet.</p>;
  return (
    <table data-testid="platform-audit">
      <thead>
        <tr>
          <th>When</th>
          <th>Operator</th>
          <th>Action</th>
          <th>Tenant</th>
          <th>Details</th>
          <th>IP</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td>{minute(r.occurredAt)}</td>
            <td>{r.operatorEmail ?? '-'}</td>
            <td>
              {ACTION_LABELS[r.action] ?? r.action} <small class="muted">{r.action}</small>
            </td>
            <td>{r.tenantName ?? ''}</td>
            <td>{auditDetails(r)}</td>
            <td>{r.ip ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function auditDetails(r: PlatformAuditRow): string {
  const d = r.details;
  if (typeof d.reason === 'string') return `Reason: ${d.reason}`;
  if (typeof d.previousReason === 'string') return `Was suspended for: ${d.previousReason}`;
  return '';
}
