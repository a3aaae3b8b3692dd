/** Add or edit a subscriber. On a 422 the same form comes back with the values and messages. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { LocationFields } from '../../views/location-fields.tsx';
import type { AreaOption } from '../areas/area-options.ts';
import { CUSTOMER_STATUSES, type CustomerView } from './customers-repository.ts';
import { Select, STATUS_LABELS, TextArea } from './customer-widgets.tsx';

/** Every field as the form posts it: text. */
export interface CustomerFormValues {
  firstName?: string | undefined;
  lastName?: string | undefined;
  companyName?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  altPhone?: string | undefined;
  serviceAddress?: string | undefined;
  areaId?: string | undefined;
  latitude?: string | undefined;
  longitude?: string | undefined;
  locationAccuracy?: string | undefined;
  locationNotes?: string | undefined;
  notes?: string | undefined;
  tags?: string | undefined;
  externalRef?: string | undefined;
  status?: string | undefined;
}

export function customerFormValues(c: CustomerView): CustomerFormValues {
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    companyName: c.companyName,
    email: c.email ?? '',
    phone: c.phone,
    altPhone: c.altPhone,
    serviceAddress: c.serviceAddress,
    areaId: c.areaId ?? '',
    latitude: c.latitude === null ? '' : String(c.latitude),
    longitude: c.longitude === null ? '' : String(c.longitude),
    locationAccuracy: c.locationAccuracy ?? '',
    locationNotes: c.locationNotes,
    notes: c.notes,
    tags: c.tags.join(', '),
    externalRef: c.externalRef ?? '',
  };
}

export interface CustomerFormProps {
  principal: StaffPrincipal;
  /** Set when editing. */
  customer?: { id: string; accountNumber: string; displayName: string; areaId: string | null; areaName: string | null } | undefined;
  values: CustomerFormValues;
  errors: Record<string, string>;
  message?: string | undefined;
  areas: AreaOption[];
  map: { tileUrl: string; attribution: string };
}

export function CustomerFormPage(props: CustomerFormProps) {
  const { values: v, errors: e, customer } = props;
  const areaOptions = props.areas.map((a) => ({ value: a.id, label: a.path }));
  // An edit keeps showing the customer's area even when it has been deactivated since.
  if (customer?.areaId && !areaOptions.some((o) => o.value === customer.areaId)) {
    areaOptions.unshift({ value: customer.areaId, label: `${customer.areaName ?? 'Current area'} (inactive)` });
  }
  const title = customer ? `Edit ${customer.displayName}` : 'Add customer';
  return (
    <AppPage title={title} principal={props.principal} active="/app/customers">
      {customer ? (
        <p class="muted">
          Account {customer.accountNumber} · <a href={`/app/customers/${customer.id}`}>Back to the customer</a>
        </p>
      ) : (
        <p class="muted">The account number is given when you save.</p>
      )}
      <FormError message={props.message} />
      <form method="post" action={customer ? `/app/customers/${customer.id}` : '/app/customers'} novalidate class="customer-form">
        <CsrfField token={props.principal.csrfToken} />
        <fieldset>
          <legend>Who</legend>
          <div class="form-grid">
            <Field label="First name" name="firstName" value={v.firstName} error={e.firstName} autocomplete="off" />
            <Field label="Last name" name="lastName" value={v.lastName} error={e.lastName} autocomplete="off" />
            <Field label="Company name (businesses)" name="companyName" value={v.companyName} error={e.companyName} autocomplete="off" />
          </div>
        </fieldset>
        <fieldset>
          <legend>Contact</legend>
          <div class="form-grid">
            <Field label="Phone" name="phone" type="tel" value={v.phone} error={e.phone} autocomplete="off" />
            <Field label="Other phone" name="altPhone" type="tel" value={v.altPhone} error={e.altPhone} autocomplete="off" />
            <Field label="E-mail (optional)" name="email" type="email" value={v.email} error={e.email} autocomplete="off" />
          </div>
        </fieldset>
        <fieldset>
          <legend>Where</legend>
          <TextArea label="Service address" name="serviceAddress" value={v.serviceAddress} error={e.serviceAddress} rows={2} />
          <Select label="Service area" name="areaId" value={v.areaId} error={e.areaId} placeholder="— none —" options={areaOptions} />
          <LocationFields
            values={{ latitude: v.latitude, longitude: v.longitude, locationAccuracy: v.locationAccuracy, locationNotes: v.locationNotes }}
            errors={e}
            tileUrl={props.map.tileUrl}
            attribution={props.map.attribution}
            withAccuracy
          />
        </fieldset>
        <fieldset>
          <legend>More</legend>
          {customer ? null : (
            <Select label="Status" name="status" value={v.status || 'lead'} error={e.status} options={CUSTOMER_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
          )}
          <Field label="Tags" name="tags" value={v.tags} error={e.tags} hint="Separated by commas, e.g. vip, tower b" autocomplete="off" />
          <TextArea label="Notes" name="notes" value={v.notes} error={e.notes} />
          <Field label="External reference" name="externalRef" value={v.externalRef} error={e.externalRef} hint="Id in a system you import from" autocomplete="off" />
        </fieldset>
        <p>
          <button type="submit">{customer ? 'Save changes' : 'Add customer'}</button> <a href={customer ? `/app/customers/${customer.id}` : '/app/customers'}>Cancel</a>
        </p>
      </form>
    </AppPage>
  );
}
