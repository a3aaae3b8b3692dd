/**
 * /app/installations/:id/edit: service address, map location (the shared location fieldset,
 * so the map picker appears), technician and notes. A 422 re-renders with the values posted
 * and every field's message; nothing is saved.
 */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { LocationFields } from '../../views/location-fields.tsx';
import { SelectField, TextAreaField } from './form-fields.tsx';
import type { MapSettings } from './installation-form-data.ts';
import type { InstallationView } from './installations-repository.ts';

export interface InstallationEditValues {
  serviceAddress: string;
  latitude: string;
  longitude: string;
  locationAccuracy: string;
  locationNotes: string;
  technicianId: string;
  notes: string;
}

export function editValuesOf(i: InstallationView): InstallationEditValues {
  return {
    serviceAddress: i.serviceAddress,
    latitude: i.latitude === null ? '' : String(i.latitude),
    longitude: i.longitude === null ? '' : String(i.longitude),
    locationAccuracy: i.locationAccuracy ?? '',
    locationNotes: i.locationNotes,
    technicianId: i.technicianId ?? '',
    notes: i.notes,
  };
}

export function InstallationEditPage(props: {
  principal: StaffPrincipal;
  installation: InstallationView;
  technicians: { id: string; name: string }[];
  map: MapSettings;
  values: InstallationEditValues;
  errors: Record<string, string>;
  message?: string | undefined;
}) {
  const { installation: i, values, errors } = props;
  return (
    <AppPage title={`Edit installation · ${i.customerName}`} principal={props.principal} active="/app/installations">
      <FormError message={props.message} />
      <form method="post" action={`/app/installations/${i.id}/edit`} novalidate class="card" data-testid="installation-edit">
        <CsrfField token={props.principal.csrfToken} />
        <Field label="Service address" name="serviceAddress" value={values.serviceAddress} error={errors.serviceAddress} />
        <LocationFields values={values} errors={errors} tileUrl={props.map.tileUrl} attribution={props.map.attribution} withAccuracy />
        <SelectField label="Technician" name="technicianId" options={props.technicians.map((u) => ({ value: u.id, label: u.name }))} value={values.technicianId} placeholder="Not assigned" error={errors.technicianId} />
        <TextAreaField label="Notes" name="notes" value={values.notes} error={errors.notes} />
        <button type="submit">Save</button> <a href={`/app/installations/${i.id}`}>Cancel</a>
      </form>
    </AppPage>
  );
}
