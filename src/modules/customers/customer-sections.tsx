/** The customer page's services, installations and CPE sections. */
import { formatMoney } from '../../lib/money.ts';
import { pricePerPeriodMinor } from '../services/service-price.ts';
import type { CustomerDeviceView, CustomerInstallationView, CustomerServiceView } from './customer-overview-repository.ts';
import type { CustomerOverview } from './get-customer-overview.ts';

function period(s: CustomerServiceView): string {
  if (s.periodUnit === 'month') return s.periodCount === 1 ? 'month' : `${s.periodCount} months`;
  return s.periodCount === 1 ? 'day' : `${s.periodCount} days`;
}

/** What the subscriber pays per period: the plan price, or the override, less any discount. */
export function servicePrice(s: CustomerServiceView, locale: string): { text: string; detail: string | null } {
  const net = pricePerPeriodMinor(s);
  const parts: string[] = [];
  if (s.priceOverrideMinor !== null) parts.push(`override of plan price ${formatMoney(s.planPriceMinor, s.currency, locale)}`);
  if (s.discountMinor !== null) parts.push(`discount ${formatMoney(s.discountMinor, s.currency, locale)}`);
  const detail = parts.length > 0 ? `${parts.join(', ')}${s.adjustmentReason ? `: ${s.adjustmentReason}` : ''}` : null;
  return { text: `${formatMoney(net, s.currency, locale)} / ${period(s)}`, detail };
}

const MODE_LABELS: Record<string, string> = { prepaid: 'Prepaid', postpaid: 'Postpaid' };

function Services(props: { services: CustomerServiceView[]; locale: string }) {
  if (props.services.length === 0) return <p class="muted">No services yet.</p>;
  return (
    <table class="stack" data-testid="customer-services">
      <thead>
        <tr>
          <th>Plan</th>
          <th>Speed</th>
          <th>Billing</th>
          <th>Price</th>
          <th>Status</th>
          <th>Dates</th>
        </tr>
      </thead>
      <tbody>
        {props.services.map((s) => {
          const price = servicePrice(s, props.locale);
          return (
            <tr data-service-id={s.id}>
              <td data-label="Plan">
                <a href={`/app/services/${s.id}`}>{s.planName}</a>
              </td>
              <td data-label="Speed">
                {s.downloadMbps}/{s.uploadMbps} Mbps
              </td>
              <td data-label="Billing">{MODE_LABELS[s.billingMode] ?? s.billingMode}</td>
              <td data-label="Price">
                {price.text}
                {price.detail ? <div class="muted">{price.detail}</div> : null}
              </td>
              <td data-label="Status">
                <span class={`badge status-${s.status}`}>{s.status}</span>
              </td>
              <td data-label="Dates">
                from {s.startOn}
                {s.endOn ? ` to ${s.endOn}` : ''}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Installations(props: { installations: CustomerInstallationView[] }) {
  if (props.installations.length === 0) return <p class="muted">No installations yet.</p>;
  return (
    <table class="stack" data-testid="customer-installations">
      <thead>
        <tr>
          <th>NAP port</th>
          <th>Plant path</th>
          <th>Technician</th>
          <th>Dates</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {props.installations.map((i) => (
          <tr data-installation-id={i.id}>
            <td data-label="NAP port">
              <a href={`/app/installations/${i.id}`}>{i.napCode ? `${i.napCode} port ${i.portNumber ?? '?'}` : 'No port (yet)'}</a>
              {i.serviceAddress ? <div class="muted">{i.serviceAddress}</div> : null}
            </td>
            <td data-label="Plant path">{i.lcpCode ? `${i.lcpCode} › ${i.splitterCode ?? '?'} › ${i.napCode ?? '?'}` : <span class="muted">—</span>}</td>
            <td data-label="Technician">{i.technicianName ?? <span class="muted">—</span>}</td>
            <td data-label="Dates">
              {i.scheduledOn ? <div>scheduled {i.scheduledOn}</div> : null}
              {i.completedOn ? <div>completed {i.completedOn}</div> : null}
              {i.endedOn ? <div>ended {i.endedOn}</div> : null}
            </td>
            <td data-label="Status">
              <span class={`badge status-${i.status}`}>{i.status}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Devices(props: { devices: CustomerDeviceView[] }) {
  if (props.devices.length === 0) return <p class="muted">No devices at this customer.</p>;
  return (
    <table class="stack" data-testid="customer-devices">
      <thead>
        <tr>
          <th>Device</th>
          <th>Serial number</th>
          <th>MAC</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {props.devices.map((d) => (
          <tr data-device-id={d.id}>
            <td data-label="Device">
              {d.brand} {d.model} <span class="muted">({d.kind})</span>
            </td>
            <td data-label="Serial number">
              <a href={`/app/devices/${d.id}`}>{d.serialNumber}</a>
            </td>
            <td data-label="MAC">
              <code>{d.macAddress ?? '—'}</code>
            </td>
            <td data-label="Status">{d.status.replace('_', ' ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CustomerSections(props: { overview: CustomerOverview }) {
  const { overview } = props;
  return (
    <>
      <section class="card" id="services">
        <h2>Services</h2>
        <Services services={overview.services} locale={overview.settings.locale} />
      </section>
      <section class="card" id="installations">
        <h2>Installations</h2>
        <Installations installations={overview.installations} />
      </section>
      <section class="card" id="devices">
        <h2>Equipment (CPE)</h2>
        <Devices devices={overview.devices} />
      </section>
    </>
  );
}
