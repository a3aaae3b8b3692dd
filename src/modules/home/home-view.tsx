/** /app: a "set up your network" checklist for a new company, then a short summary. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage } from '../../views/layout.tsx';
import { CUSTOMER_STATUSES } from '../customers/customers-repository.ts';
import { STATUS_LABELS } from '../customers/customer-widgets.tsx';
import type { HomeOverview, SetupStep } from './get-home-overview.ts';

export function HomePage(props: { principal: StaffPrincipal; overview: HomeOverview; showOutbox: boolean }) {
  const { principal: p, overview } = props;
  return (
    <AppPage title={`Welcome, ${p.userName}`} principal={p} active="/app" showOutbox={props.showOutbox}>
      <div class="card">
        <p>
          You are signed in to <strong>{p.tenantName}</strong> as {p.roleName.toLowerCase()}.
        </p>
        <p class="muted">Company handle: {p.tenantSlug}</p>
      </div>
      {overview.setupDone ? <Summary overview={overview} /> : <Checklist overview={overview} />}
    </AppPage>
  );
}

function Checklist(props: { overview: HomeOverview }) {
  const { steps, importHref } = props.overview;
  const done = steps.filter((s) => s.done).length;
  return (
    <section class="card" data-testid="setup-checklist">
      <h2>Set up your network</h2>
      <p class="muted">
        {done} of {steps.length} steps done. Each step unlocks the next: plans and areas first, then the fiber plant, then your customers.
      </p>
      <ol>
        {steps.map((step) => (
          <Step step={step} />
        ))}
      </ol>
      <p class="muted" data-testid="setup-import">
        Moving from a spreadsheet or another system? Areas, plans, customers, devices and installations can be imported from CSV files
        {importHref ? (
          <>
            {' '}
            on the <a href={importHref}>import page</a>
          </>
        ) : (
          ' by staff who may run imports'
        )}
        .
      </p>
    </section>
  );
}

function Step(props: { step: SetupStep }) {
  const { step } = props;
  return (
    <li data-step={step.key} data-done={step.done ? 'true' : 'false'}>
      <span class={step.done ? 'badge status-active' : 'badge'}>{step.done ? 'Done' : 'To do'}</span> {step.href ? <a href={step.href}>{step.title}</a> : step.title}
      <br />
      <small class="muted">{step.detail}</small>
    </li>
  );
}

function Summary(props: { overview: HomeOverview }) {
  const { customersByStatus, freePorts } = props.overview;
  if (!customersByStatus && freePorts === null) return null;
  return (
    <section class="card" data-testid="home-summary">
      <h2>Your network today</h2>
      <dl>
        {customersByStatus ? (
          <>
            <dt>Customers</dt>
            <dd data-testid="customers-by-status">
              {CUSTOMER_STATUSES.map((s) => `${customersByStatus[s] ?? 0} ${STATUS_LABELS[s].toLowerCase()}`).join(' · ')} (<a href="/app/customers">all customers</a>)
            </dd>
          </>
        ) : null}
        {freePorts !== null ? (
          <>
            <dt>Free drop ports</dt>
            <dd data-testid="free-ports">
              {freePorts} (<a href="/app/network">network tree</a>)
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
