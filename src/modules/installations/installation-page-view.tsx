/** /app/installations/:id: everything about one installation and the actions its status allows. */
import type { ComponentChildren } from 'preact';
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { PortPicker } from '../plant/port-picker-view.tsx';
import type { PortChoices } from '../plant/port-picker-data.ts';
import type { DeviceView } from '../devices/devices-repository.ts';
import { KIND_LABELS } from '../devices/device-rules.ts';
import { SelectField } from './form-fields.tsx';
import { MOVABLE_STATUSES, STATUS_LABELS } from './installation-lifecycle.ts';
import { portLabel } from './installation-list-view.tsx';
import type { InstallationView } from './installations-repository.ts';

export interface InstallationPageProps {
  principal: StaffPrincipal;
  installation: InstallationView;
  devices: DeviceView[];
  canManage: boolean;
  technicians: { id: string; name: string }[];
  portChoices: PortChoices | undefined;
  /** In-stock devices offered by the CPE swap form (live installations, managers only). */
  stockDevices: DeviceView[];
  /** What the CPE swap form posted, when it is shown again with its errors. */
  swapValues?: SwapFormValues | undefined;
  notice?: string | undefined;
  error?: string | undefined;
  errors?: Record<string, string>;
}

export interface SwapFormValues {
  add: string[];
  /** deviceId -> 'in_stock' | 'faulty' for the devices marked for removal. */
  remove: Record<string, string>;
  note: string;
}

const deviceLabel = (d: DeviceView) => `${KIND_LABELS[d.kind]} ${d.brand} ${d.model} · ${d.serialNumber}${d.macAddress ? ` · ${d.macAddress}` : ''}`;

/** Add devices from stock and take devices off (to stock or faulty) in one post. */
function SwapDevicesForm(props: { id: string; csrf: string; devices: DeviceView[]; stock: DeviceView[]; values: SwapFormValues | undefined; errors: Record<string, string> }) {
  const { values, errors } = props;
  return (
    <ActionForm id={props.id} step="devices" csrf={props.csrf} label="Swap CPE">
      {props.devices.map((d) => (
        <SelectField
          label={`Remove ${deviceLabel(d)}`}
          name={`remove_${d.id}`}
          options={[
            { value: 'in_stock', label: 'Remove: back to stock' },
            { value: 'faulty', label: 'Remove: faulty' },
          ]}
          value={values?.remove[d.id] ?? ''}
          placeholder="Keep"
        />
      ))}
      {errors.remove ? <small class="error">{errors.remove}</small> : null}
      <SelectField
        label="Add devices (in stock)"
        name="add"
        multiple
        values={values?.add ?? []}
        options={props.stock.map((d) => ({ value: d.id, label: deviceLabel(d) }))}
        error={errors.add}
        hint={props.stock.length === 0 ? 'Nothing in stock: receive devices on the Devices page.' : undefined}
      />
      <Field label="Note" name="note" value={values?.note ?? ''} error={errors.note} />
    </ActionForm>
  );
}

function ActionForm(props: { id: string; step: string; csrf: string; label: string; danger?: boolean; children?: ComponentChildren }) {
  return (
    <form method="post" action={`/app/installations/${props.id}/${props.step}`} class="filters">
      <CsrfField token={props.csrf} />
      {props.children}
      <div class="field">
        <button type="submit" class={props.danger ? 'danger' : 'secondary'}>
          {props.label}
        </button>
      </div>
    </form>
  );
}

export function InstallationPage(props: InstallationPageProps) {
  const { installation: i, principal } = props;
  const errors = props.errors ?? {};
  const csrf = principal.csrfToken;
  const live = i.status === 'scheduled' || i.status === 'active' || i.status === 'suspended';
  return (
    <AppPage title={`Installation · ${i.customerName}`} principal={principal} active="/app/installations">
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <FormError message={props.error} />
      <section class="card">
        <dl>
          <dt>Customer</dt>
          <dd>
            <a href={`/app/customers/${i.customerId}`}>{i.customerName}</a> <span class="muted">{i.accountNumber}</span>
          </dd>
          <dt>Status</dt>
          <dd data-testid="installation-status">{STATUS_LABELS[i.status]}</dd>
          <dt>NAP port</dt>
          <dd>{i.napId ? <a href={`/app/network/naps/${i.napId}`}>{portLabel(i)}</a> : '—'}</dd>
          <dt>Technician</dt>
          <dd>{i.technicianName ?? '—'}</dd>
          <dt>Scheduled</dt>
          <dd>{i.scheduledOn ?? '—'}</dd>
          <dt>Completed</dt>
          <dd>{i.completedOn ?? '—'}</dd>
          {i.endedOn ? (
            <>
              <dt>Ended</dt>
              <dd>{i.endedOn}</dd>
            </>
          ) : null}
          <dt>Service address</dt>
          <dd>{i.serviceAddress || '—'}</dd>
          <dt>Location</dt>
          <dd>
            {i.latitude !== null ? `${i.latitude}, ${i.longitude}${i.locationAccuracy ? ` (${i.locationAccuracy})` : ''}` : '—'}
            {i.locationNotes ? <span class="muted"> · {i.locationNotes}</span> : null}
          </dd>
          <dt>Notes</dt>
          <dd>{i.notes || '—'}</dd>
        </dl>
        {props.canManage && live ? (
          <p>
            <a href={`/app/installations/${i.id}/edit`} class="button secondary">
              Edit address, location, technician, notes
            </a>
          </p>
        ) : null}
      </section>
      <section class="card">
        <h2>CPE</h2>
        {props.devices.length === 0 ? (
          <p class="muted">No devices at this installation.</p>
        ) : (
          <ul data-testid="installation-devices">
            {props.devices.map((d) => (
              <li>
                <a href={`/app/devices/${d.id}`}>
                  {KIND_LABELS[d.kind]} {d.brand} {d.model} · {d.serialNumber}
                </a>
                {d.macAddress ? <span class="muted"> · {d.macAddress}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {props.canManage && live ? (
        <section class="card" data-testid="installation-actions">
          <h2>Actions</h2>
          {i.status === 'scheduled' ? (
            <ActionForm id={i.id} step="complete" csrf={csrf} label="Mark completed">
              <Field label="Completed on" name="completedOn" type="date" error={errors.completedOn} hint="Empty: today" />
            </ActionForm>
          ) : null}
          <ActionForm id={i.id} step="schedule" csrf={csrf} label={i.status === 'scheduled' ? 'Reschedule / assign' : 'Assign technician'}>
            {i.status === 'scheduled' ? <Field label="Scheduled date" name="scheduledOn" type="date" value={i.scheduledOn ?? ''} error={errors.scheduledOn} /> : null}
            <SelectField label="Technician" name="technicianId" options={props.technicians.map((u) => ({ value: u.id, label: u.name }))} value={i.technicianId ?? ''} placeholder="Not assigned" error={errors.technicianId} />
          </ActionForm>
          <SwapDevicesForm id={i.id} csrf={csrf} devices={props.devices} stock={props.stockDevices} values={props.swapValues} errors={errors} />
          {MOVABLE_STATUSES.includes(i.status) && props.portChoices ? (
            <ActionForm id={i.id} step="port" csrf={csrf} label="Move to this port">
              <PortPicker selectedNapPortId={i.napPortId ?? undefined} error={errors.napPortId} choices={props.portChoices} />
            </ActionForm>
          ) : null}
          {i.status === 'active' ? (
            <ActionForm id={i.id} step="suspend" csrf={csrf} label="Suspend">
              <Field label="Reason" name="reason" error={errors.reason} />
            </ActionForm>
          ) : null}
          {i.status === 'suspended' ? <ActionForm id={i.id} step="resume" csrf={csrf} label="Resume" /> : null}
          {i.status === 'active' || i.status === 'suspended' ? (
            <ActionForm id={i.id} step="terminate" csrf={csrf} label="Terminate (frees the port, CPE back to stock)" danger>
              <Field label="Ended on" name="endedOn" type="date" error={errors.endedOn} hint="Empty: today" />
              <Field label="Reason" name="reason" />
            </ActionForm>
          ) : null}
          {i.status === 'scheduled' ? (
            <ActionForm id={i.id} step="cancel" csrf={csrf} label="Cancel installation" danger>
              <Field label="Reason" name="reason" />
            </ActionForm>
          ) : null}
        </section>
      ) : null}
    </AppPage>
  );
}
