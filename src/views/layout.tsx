/** Page shells. Assets are served by the app itself; nothing is fetched from a CDN. */
import type { ComponentChildren } from 'preact';
import type { StaffPrincipal } from '../http/principal.ts';
import type { Permission } from '../modules/roles/permissions.ts';

export function BarePage(props: { title: string; children: ComponentChildren; csrfToken?: string | undefined }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Lastmile`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/htmx.min.js" defer></script>
      </head>
      <body hx-headers={props.csrfToken ? JSON.stringify({ 'x-csrf-token': props.csrfToken }) : undefined}>{props.children}</body>
    </html>
  );
}

interface NavItem {
  href: string;
  label: string;
  permission?: Permission;
}

/** Navigation of the staff app; later capabilities add their sections here. */
export const NAV_ITEMS: NavItem[] = [
  { href: '/app', label: 'Home' },
  { href: '/app/customers', label: 'Customers', permission: 'customers.read' },
  { href: '/app/services', label: 'Services', permission: 'customers.read' },
  { href: '/app/installations', label: 'Installations', permission: 'customers.read' },
  { href: '/app/plans', label: 'Plans', permission: 'customers.read' },
  { href: '/app/areas', label: 'Areas', permission: 'customers.read' },
  { href: '/app/network', label: 'Network', permission: 'network.read' },
  { href: '/app/devices', label: 'Devices', permission: 'network.read' },
  { href: '/app/map', label: 'Map', permission: 'network.read' },
  { href: '/app/invoices', label: 'Invoices', permission: 'billing.read' },
  { href: '/app/payments', label: 'Payments', permission: 'billing.read' },
  { href: '/app/billing', label: 'Billing runs', permission: 'billing.read' },
  { href: '/app/imports', label: 'Import', permission: 'imports.run' },
  { href: '/app/team', label: 'Team', permission: 'users.read' },
  { href: '/app/roles', label: 'Roles', permission: 'roles.manage' },
  { href: '/app/audit', label: 'Audit log', permission: 'audit.read' },
  { href: '/app/api-keys', label: 'API keys', permission: 'api_keys.manage' },
  { href: '/app/settings', label: 'Settings', permission: 'settings.read' },
];

export function AppPage(props: { title: string; principal: StaffPrincipal; children: ComponentChildren; active?: string; showOutbox?: boolean }) {
  const p = props.principal;
  const items = NAV_ITEMS.filter((item) => !item.permission || p.actor.permissions.has(item.permission));
  return (
    <BarePage title={props.title} csrfToken={p.csrfToken}>
      <header class="topbar">
        <a class="brand" href="/app" data-testid="company-name">
          {p.tenantName}
        </a>
        <nav>
          {items.map((item) => (
            <a href={item.href} class={props.active === item.href ? 'active' : undefined}>
              {item.label}
            </a>
          ))}
          {props.showOutbox ? <a href="/app/dev/outbox">Outbox</a> : null}
        </nav>
        <div class="me">
          <a href="/app/profile" title="Your profile" class={props.active === '/app/profile' ? 'active' : undefined} data-testid="user-name">
            {p.userName}
          </a>
          <span class="muted"> · {p.roleName}</span>
          <SignOutForm action="/logout" csrfToken={p.csrfToken} />
        </div>
      </header>
      <main>
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </BarePage>
  );
}

/** A labelled input with its inline error, used by every form. */
export function Field(props: {
  label: string;
  name: string;
  type?: string;
  value?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
}) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      />
      {props.hint ? <small class="muted">{props.hint}</small> : null}
      {props.error ? (
        <small id={`${id}-error`} class="error">
          {props.error}
        </small>
      ) : null}
    </div>
  );
}

/** The sign-out button of a page header (staff app and platform console). */
export function SignOutForm(props: { action: string; csrfToken: string }) {
  return (
    <form method="post" action={props.action} class="inline">
      <CsrfField token={props.csrfToken} />
      <button type="submit" class="link">
        Sign out
      </button>
    </form>
  );
}

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** Maps AppError field problems to the first message per field. */
export function fieldMessages(fields: { field: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) out[f.field] ??= f.message;
  return out;
}

export function FormError(props: { message?: string | undefined }) {
  return props.message ? (
    <p class="alert" role="alert">
      {props.message}
    </p>
  ) : null;
}
