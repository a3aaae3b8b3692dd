/** Pages of the CPE inventory: the list, the receive/edit form and one device with its history. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { formatDateTime } from '../../lib/zoned-time.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { ListFooter, SortHeader, type ListParams } from '../../views/list-controls.tsx';
import { SelectField, TextAreaField } from '../installations/form-fields.tsx';
import type { DeviceEventView, DeviceView } from './devices-repository.ts';
import { CPE_KINDS, CPE_STATUSES, KIND_LABELS, MANUAL_STATUSES, STATUS_LABELS } from './device-rules.ts';

const KIND_OPTIONS = CPE_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }));
const STATUS_OPTIONS = CPE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }));

export interface Zone {
  timeZone: string;
  locale: string;
}

export function DeviceListPage(props: { principal: StaffPrincipal; items: DeviceView[]; nextCursor: string | null; params: ListParams; canManage: boolean; zone: Zone }) {
  const { params } = props;
  const sort = params.sort ?? 'created';
  const dir = params.dir === 'asc' ? 'asc' : 'desc';
  const header = (key: string, label: string) => <SortHeader path="/app/devices" params={params} sort={key} label={label} current={sort} dir={dir} />;
  return (
    <AppPage title="Devices" principal={props.principal} active="/app/devices">
      {props.canManage ? (
        <p>
          <a href="/app/devices/new" class="button">
            Receive a device
          </a>
        </p>
      ) : null}
      <form method="get" action="/app/devices" class="filters" role="search">
        <Field label="Search" name="q" type="search" value={params.q} hint="Serial, MAC, brand or model" />
        <SelectField label="Status" name="status" options={STATUS_OPTIONS} value={params.status} placeholder="Any" />
        <SelectField label="Kind" name="kind" options={KIND_OPTIONS} value={params.kind} placeholder="Any" />
        <div class="field">
          <button type="submit" class="secondary">
            Filter
          </button>
        </div>
      </form>
      <div class="table-scroll">
        <table data-testid="devices">
          <thead>
            <tr>
              {header('serial', 'Serial number')}
              <th>MAC</th>
              {header('model', 'Brand / model')}
              {header('kind', 'Kind')}
              {header('status', 'Status')}
              <th>At customer</th>
              {header('created', 'Received')}
            </tr>
          </thead>
          <tbody>
            {props.items.map((d) => (
              <tr data-device-id={d.id}>
                <td>
                  <a href={`/app/devices/${d.id}`}>{d.serialNumber}</a>
                </td>
                <td>
                  <code>{d.macAddress ?? '—'}</code>
                </td>
                <td>
                  {d.brand} {d.model}
                </td>
                <td>{KIND_LABELS[d.kind]}</td>
                <td>
                  <span class={`badge status-${d.status}`}>{STATUS_LABELS[d.status]}</span>
                </td>
                <td>{d.customerId ? <a href={`/app/customers/${d.customerId}`}>{d.customerName}</a> : '—'}</td>
                <td>{formatDateTime(d.createdAt, props.zone.timeZone, props.zone.locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ListFooter path="/app/devices" params={params} nextCursor={props.nextCursor} count={props.items.length} />
    </AppPage>
  );
}

export interface DeviceFormValues {
  kind?: string | undefined;
  brand?: string | undefined;
  model?: string | undefined;
  serialNumber?: string | undefined;
  macAddress?: string | undefined;
  notes?: string | undefined;
  externalRef?: string | undefined;
}

export function DeviceFormPage(props: { principal: StaffPrincipal; device?: DeviceView; values: DeviceFormValues; errors: Record<string, string>; message?: string | undefined }) {
  const { values, errors, device } = props;
  const title = device ? `Edit ${device.serialNumber}` : 'Receive a device';
  return (
    <AppPage title={title} principal={props.principal} active="/app/devices">
      <FormError message={props.message} />
      <form method="post" action={device ? `/app/devices/${device.id}` : '/app/devices'} novalidate class="card">
        <CsrfField token={props.principal.csrfToken} />
        <div class="form-grid">
          <SelectField label="Kind" name="kind" options={KIND_OPTIONS} value={values.kind ?? 'onu'} error={errors.kind} />
          <Field label="Brand" name="brand" value={values.brand} error={errors.brand} required />
          <Field label="Model" name="model" value={values.model} error={errors.model} required />
          <Field label="Serial number" name="serialNumber" value={values.serialNumber} error={errors.serialNumber} required autocomplete="off" />
          <Field label="MAC address" name="macAddress" value={values.macAddress} error={errors.macAddress} hint="AA:BB:CC:DD:EE:FF; dashes, dots or bare digits are fine" autocomplete="off" />
          {device ? null : <Field label="External reference" name="externalRef" value={values.externalRef} error={errors.externalRef} hint="Id in a previous system (optional)" />}
        </div>
        <TextAreaField label="Notes" name="notes" value={values.notes} error={errors.notes} />
        <button type="submit">{device ? 'Save' : 'Receive into stock'}</button> <a href={device ? `/app/devices/${device.id}` : '/app/devices'}>Cancel</a>
      </form>
    </AppPage>
  );
}

const EVENT_LABELS: Record<DeviceEventView['event'], string> = {
  received: 'Received into stock',
  installed: 'Installed',
  removed: 'Removed, back in stock',
  status_changed: 'Status changed',
  edited: 'Edited',
};

export function DevicePage(props: { principal: StaffPrincipal; device: DeviceView; events: DeviceEventView[]; canManage: boolean; zone: Zone; notice?: string | undefined; error?: string | undefined }) {
  const { device: d, principal } = props;
  return (
    <AppPage title={`${d.brand} ${d.model} · ${d.serialNumber}`} principal={principal} active="/app/devices">
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <FormError message={props.error} />
      <section class="card">
        <dl>
          <dt>Kind</dt>
          <dd>{KIND_LABELS[d.kind]}</dd>
          <dt>Serial number</dt>
          <dd>
            <code>{d.serialNumber}</code>
          </dd>
          <dt>MAC address</dt>
          <dd>
            <code>{d.macAddress ?? '—'}</code>
          </dd>
          <dt>Status</dt>
          <dd data-testid="device-status">{STATUS_LABELS[d.status]}</dd>
          <dt>Installation</dt>
          <dd>
            {d.installationId ? (
              <>
                <a href={`/app/installations/${d.installationId}`}>Installation</a> for <a href={`/app/customers/${d.customerId ?? ''}`}>{d.customerName}</a>
              </>
            ) : (
              '—'
            )}
          </dd>
          <dt>Notes</dt>
          <dd>{d.notes || '—'}</dd>
          {d.externalRef ? (
            <>
              <dt>External reference</dt>
              <dd>{d.externalRef}</dd>
            </>
          ) : null}
        </dl>
        {props.canManage ? (
          <p>
            <a href={`/app/devices/${d.id}/edit`}>Edit details</a>
          </p>
        ) : null}
      </section>
      {props.canManage && d.status !== 'installed' ? (
        <section class="card">
          <h2>Change status</h2>
          <form method="post" action={`/app/devices/${d.id}/status`} class="filters">
            <CsrfField token={principal.csrfToken} />
            <SelectField label="New status" name="status" options={MANUAL_STATUSES.filter((s) => s !== d.status).map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
            <Field label="Note" name="note" hint="Why (optional)" />
            <div class="field">
              <button type="submit" class="secondary">
                Change status
              </button>
            </div>
          </form>
        </section>
      ) : d.status === 'installed' ? (
        <p class="muted">An installed device comes back to stock when its installation is terminated or cancelled.</p>
      ) : null}
      <section class="card">
        <h2>History</h2>
        <div class="table-scroll">
          <table data-testid="device-history">
            <thead>
              <tr>
                <th>When</th>
                <th>What</th>
                <th>Status</th>
                <th>Customer</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {props.events.map((e) => (
                <tr>
                  <td>{formatDateTime(e.occurredAt, props.zone.timeZone, props.zone.locale)}</td>
                  <td>
                    {EVENT_LABELS[e.event]}
                    {e.installationId ? (
                      <>
                        {' '}
                        (<a href={`/app/installations/${e.installationId}`}>installation</a>)
                      </>
                    ) : null}
                    {e.note ? <div class="muted">{e.note}</div> : null}
                  </td>
                  <td>
                    {e.fromStatus && e.fromStatus !== e.toStatus ? `${STATUS_LABELS[e.fromStatus]} → ` : ''}
                    {STATUS_LABELS[e.toStatus]}
                  </td>
                  <td>{e.customerId ? <a href={`/app/customers/${e.customerId}`}>{e.customerName}</a> : '—'}</td>
                  <td>{e.actorLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </AppPage>
  );
}
