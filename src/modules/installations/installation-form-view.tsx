/**
 * /app/installations/new: pick the customer (from the URL, or by search), then port, CPE,
 * technician, date and where the installation is (the customer's address and location
 * unless changed). A 422 re-renders with the values and every field's message.
 */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { LocationFields } from '../../views/location-fields.tsx';
import { PortPicker } from '../plant/port-picker-view.tsx';
import type { PortChoices } from '../plant/port-picker-data.ts';
import { KIND_LABELS } from '../devices/device-rules.ts';
import { SelectField, TextAreaField } from './form-fields.tsx';
import type { FormChoices } from './installation-form-data.ts';

export interface InstallationFormValues {
  customerId?: string | undefined;
  napPortId?: string | undefined;
  cpeDeviceIds?: string[] | undefined;
  technicianId?: string | undefined;
  scheduledOn?: string | undefined;
  serviceAddress?: string | undefined;
  latitude?: string | undefined;
  longitude?: string | undefined;
  locationAccuracy?: string | undefined;
  locationNotes?: string | undefined;
  notes?: string | undefined;
}

export function CustomerSearchPage(props: { principal: StaffPrincipal; q: string; matches: { id: string; name: string; accountNumber: string; address: string }[] }) {
  return (
    <AppPage title="New installation" principal={props.principal} active="/app/installations">
      <p>Which customer is it for?</p>
      <form method="get" action="/app/installations/new" class="filters" role="search">
        <Field label="Find the customer" name="q" type="search" value={props.q} hint="Name, account number, phone or e-mail" />
        <div class="field">
          <button type="submit" class="secondary">
            Search
          </button>
        </div>
      </form>
      {props.q ? (
        props.matches.length === 0 ? (
          <p class="muted">Nobody matches. Add the customer first on the Customers page.</p>
        ) : (
          <ul data-testid="customer-matches">
            {props.matches.map((c) => (
              <li>
                <a href={`/app/installations/new?customerId=${c.id}`}>{c.name}</a> <span class="muted">{c.accountNumber}</span> {c.address ? <span class="muted">· {c.address}</span> : null}
              </li>
            ))}
          </ul>
        )
      ) : null}
    </AppPage>
  );
}

export function InstallationFormPage(props: {
  principal: StaffPrincipal;
  choices: FormChoices;
  portChoices: PortChoices;
  values: InstallationFormValues;
  errors: Record<string, string>;
  message?: string | undefined;
}) {
  const { choices, values, errors } = props;
  const customer = choices.customer;
  if (!customer) throw new Error('the form needs a customer');
  return (
    <AppPage title={`New installation for ${customer.name}`} principal={props.principal} active="/app/installations">
      <FormError message={props.message} />
      {errors.customerId ? <p class="alert">{errors.customerId}</p> : null}
      <form method="post" action="/app/installations" novalidate class="card">
        <CsrfField token={props.principal.csrfToken} />
        <input type="hidden" name="customerId" value={customer.id} />
        <PortPicker selectedNapPortId={values.napPortId} error={errors.napPortId} choices={props.portChoices} />
        <SelectField
          label="CPE devices (in stock)"
          name="cpeDeviceIds"
          multiple
          values={values.cpeDeviceIds ?? []}
          options={choices.devices.map((d) => ({ value: d.id, label: `${KIND_LABELS[d.kind]} ${d.brand} ${d.model} · ${d.serialNumber}${d.macAddress ? ` · ${d.macAddress}` : ''}` }))}
          error={errors.cpeDeviceIds}
          hint={choices.devices.length === 0 ? 'Nothing in stock: receive devices on the Devices page.' : 'Hold Ctrl (or long-press on a phone) to pick more than one.'}
        />
        <div class="form-grid">
          <SelectField label="Technician" name="technicianId" options={choices.technicians.map((u) => ({ value: u.id, label: u.name }))} value={values.technicianId} placeholder="Not assigned yet" error={errors.technicianId} />
          <Field label="Scheduled date" name="scheduledOn" type="date" value={values.scheduledOn} error={errors.scheduledOn} />
        </div>
        <Field label="Service address" name="serviceAddress" value={values.serviceAddress} error={errors.serviceAddress} hint={customer.address ? `Empty: the customer's address (${customer.address})` : undefined} />
        <LocationFields
          values={{ latitude: values.latitude, longitude: values.longitude, locationAccuracy: values.locationAccuracy, locationNotes: values.locationNotes }}
          errors={errors}
          tileUrl={choices.map.tileUrl}
          attribution={choices.map.attribution}
          legend={customer.latitude !== null ? `Map location (empty: the customer's, ${customer.latitude}, ${customer.longitude}, with their landmarks)` : 'Map location'}
          withAccuracy
        />
        <TextAreaField label="Notes" name="notes" value={values.notes} error={errors.notes} />
        <button type="submit">Book installation</button> <a href={`/app/customers/${customer.id}`}>Cancel</a>
      </form>
    </AppPage>
  );
}
