/**
 * Latitude/longitude inputs for every form with a location (customer, installation, LCP,
 * NAP). They work as plain inputs; /assets/location-picker.js (tagged below, so each form
 * gets it for free) turns every `fieldset[data-location-picker]` into a small map where a
 * tap or a dragged pin fills them, using the tile URL in `data-tile-url` and still working
 * when tiles cannot load.
 */
import type { LocationAccuracy } from '../db/schema.ts';
import { LOCATION_ACCURACIES } from '../lib/geo.ts';

export interface LocationValues {
  latitude?: string | undefined;
  longitude?: string | undefined;
  locationAccuracy?: string | undefined;
  locationNotes?: string | undefined;
}

const ACCURACY_LABELS: Record<LocationAccuracy, string> = {
  exact: 'Exact (GPS at the premises)',
  approximate: 'Approximate',
  address: 'From the address',
  manual: 'Placed by hand on the map',
};

export function LocationFields(props: {
  values: LocationValues;
  errors: Record<string, string>;
  tileUrl: string;
  attribution: string;
  /** Show the accuracy select and notes (customers and installations). */
  withAccuracy?: boolean;
  legend?: string;
}) {
  const { values, errors } = props;
  return (
    <fieldset class="location" data-location-picker="" data-tile-url={props.tileUrl} data-attribution={props.attribution}>
      <legend>{props.legend ?? 'Map location'}</legend>
      <div class="location-inputs">
        <LocationInput name="latitude" label="Latitude" value={values.latitude} error={errors.latitude} />
        <LocationInput name="longitude" label="Longitude" value={values.longitude} error={errors.longitude} />
        {props.withAccuracy ? (
          <div class={errors.locationAccuracy ? 'field invalid' : 'field'}>
            <label for="f-locationAccuracy">Accuracy</label>
            <select id="f-locationAccuracy" name="locationAccuracy">
              <option value="">—</option>
              {LOCATION_ACCURACIES.map((a) => (
                <option value={a} selected={values.locationAccuracy === a}>
                  {ACCURACY_LABELS[a]}
                </option>
              ))}
            </select>
            {errors.locationAccuracy ? <small class="error">{errors.locationAccuracy}</small> : null}
          </div>
        ) : null}
      </div>
      {props.withAccuracy ? <LocationInput name="locationNotes" label="Location notes (landmarks, gate colour)" value={values.locationNotes} error={errors.locationNotes} text /> : null}
      <div class="location-map" data-location-map="" hidden></div>
      <small class="muted">Decimal degrees, e.g. 14.5995 and 120.9842. Tap the map to place the pin.</small>
      {/* The picker brings its own assets, so any form can use it. The script loads Leaflet
          once and enhances every picker on the page, however many tags there are. */}
      <link rel="stylesheet" href="/assets/leaflet.css" />
      <script src="/assets/location-picker.js" defer></script>
    </fieldset>
  );
}

function LocationInput(props: { name: string; label: string; value?: string | undefined; error?: string | undefined; text?: boolean }) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <input id={id} name={props.name} value={props.value ?? ''} inputmode={props.text ? undefined : 'decimal'} aria-invalid={props.error ? 'true' : undefined} />
      {props.error ? <small class="error">{props.error}</small> : null}
    </div>
  );
}
