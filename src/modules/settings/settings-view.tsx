/** The settings page: an edit form for settings.manage, a read-only summary otherwise. */
import type { StaffPrincipal } from '../../http/principal.ts';
import { AppPage, CsrfField, Field, FormError } from '../../views/layout.tsx';
import { CURRENCIES } from '../../lib/currencies.ts';
import { countryOptions } from '../../lib/countries.ts';
import { supportedTimeZones } from '../../lib/zoned-time.ts';
import type { EditableSettings, TenantSettings } from './settings-repository.ts';
import { DEFAULT_TILE_URL } from './map-settings.ts';

export type SettingsForm = Partial<Record<keyof EditableSettings, string>>;

export interface SettingsPageProps {
  principal: StaffPrincipal;
  settings: TenantSettings;
  values: SettingsForm;
  errors: Record<string, string>;
  canManage: boolean;
  showOutbox: boolean;
  message?: string | undefined;
  notice?: string | undefined;
}

export function Select(props: { label: string; name: string; value: string | undefined; options: readonly { value: string; label: string }[]; error?: string | undefined; hint?: string }) {
  const id = `f-${props.name}`;
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? `${id}-error` : undefined}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.hint ? <small class="muted">{props.hint}</small> : null}
      {props.error ? (
        <small id={`${id}-error`} class="error">
          {props.error}
        </small>
      ) : null}
    </div>
  );
}

/** Keeps a submitted value that is not in the list visible, so a 422 shows what was sent. */
function withCurrent(options: { value: string; label: string }[], value: string | undefined) {
  return value === undefined || options.some((o) => o.value === value) ? options : [{ value, label: value }, ...options];
}

export function SettingsPage(props: SettingsPageProps) {
  const { settings, values: v, errors } = props;
  const title = 'Company settings';
  if (!props.canManage) return <ReadOnlySettings {...props} />;
  const currencies = [...CURRENCIES.values()].map((c) => ({ value: c.code, label: `${c.code} · ${c.name}` }));
  const zones = ['UTC', ...supportedTimeZones()].map((z) => ({ value: z, label: z }));
  const countries = countryOptions(settings.locale).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }));
  return (
    <AppPage title={title} principal={props.principal} active="/app/settings" showOutbox={props.showOutbox}>
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <FormError message={props.message} />
      <BillingLink />
      <form method="post" action="/app/settings" class="card" novalidate>
        <CsrfField token={props.principal.csrfToken} />
        <h2>Company</h2>
        <Field label="Company name" name="companyName" value={v.companyName} error={errors.companyName} required autocomplete="organization" />
        <Field label="Legal name" name="legalName" value={v.legalName} error={errors.legalName} hint="As registered, printed on invoices" />
        <Field label="Tax id" name="taxId" value={v.taxId} error={errors.taxId} />
        <div class={errors.address ? 'field invalid' : 'field'}>
          <label for="f-address">Address</label>
          <textarea id="f-address" name="address" rows={3} aria-invalid={errors.address ? 'true' : undefined}>
            {v.address ?? ''}
          </textarea>
          {errors.address ? <small class="error">{errors.address}</small> : null}
        </div>
        <Field label="Phone" name="phone" type="tel" value={v.phone} error={errors.phone} autocomplete="tel" />
        <Field label="Email" name="email" type="email" value={v.email} error={errors.email} autocomplete="email" />
        <h2>Region</h2>
        <Select
          label="Currency"
          name="currency"
          value={v.currency}
          options={withCurrent(currencies, v.currency)}
          error={errors.currency}
          hint="Fixed once the first invoice or payment exists: stored amounts are in its minor unit."
        />
        <Select label="Time zone" name="timeZone" value={v.timeZone} options={withCurrent(zones, v.timeZone)} error={errors.timeZone} />
        <Field label="Locale" name="locale" value={v.locale} error={errors.locale} hint="Language and region for dates and numbers, e.g. en-PH" />
        <Select label="Country" name="country" value={v.country} options={withCurrent(countries, v.country)} error={errors.country} />
        <h2>Customers</h2>
        <Field
          label="Account number prefix"
          name="accountNumberPrefix"
          value={v.accountNumberPrefix}
          error={errors.accountNumberPrefix}
          hint="Put before the number of each new account: ACC- gives ACC-000123. 1-12 letters, digits, / _ or -. Changing it affects only customers added from now on; existing account numbers stay as they are."
        />
        <h2>Maps</h2>
        <Field
          label="Tile server URL"
          name="mapTileUrl"
          value={v.mapTileUrl}
          error={errors.mapTileUrl}
          hint={`The background of the network map and location pickers, with {z}, {x} and {y}. Default: ${DEFAULT_TILE_URL}. Markers still show when tiles cannot load.`}
        />
        <Field label="Map attribution" name="mapAttribution" value={v.mapAttribution} error={errors.mapAttribution} hint="The credit your tile server requires, shown in the map corner, e.g. © OpenStreetMap contributors" />
        <button type="submit">Save settings</button>
      </form>
      <LogoCard {...props} />
    </AppPage>
  );
}

function LogoCard(props: SettingsPageProps) {
  const logo = props.settings.logo;
  const error = props.errors.logo;
  return (
    <section class="card">
      <h2>Logo</h2>
      {logo ? (
        <p>
          <img src={`/app/settings/logo?v=${props.settings.updatedAt.getTime()}`} alt="Company logo" style="max-height:80px" />
          <br />
          <span class="muted">
            {logo.contentType}, {Math.ceil(logo.size / 1024)} KB
          </span>
        </p>
      ) : (
        <p class="muted">No logo yet.</p>
      )}
      {props.canManage ? (
        <>
          <form method="post" action="/app/settings/logo" enctype="multipart/form-data">
            <CsrfField token={props.principal.csrfToken} />
            <div class={error ? 'field invalid' : 'field'}>
              <label for="f-logo">Logo file</label>
              <input id="f-logo" name="logo" type="file" accept="image/png,image/jpeg" aria-invalid={error ? 'true' : undefined} />
              <small class="muted">PNG or JPEG, at most 512 KB</small>
              {error ? <small class="error">{error}</small> : null}
            </div>
            <button type="submit">Upload logo</button>
          </form>
          {logo ? (
            <form method="post" action="/app/settings/logo/remove" class="inline">
              <CsrfField token={props.principal.csrfToken} />
              <button type="submit" class="secondary">
                Remove logo
              </button>
            </form>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function ReadOnlySettings(props: SettingsPageProps) {
  const s = props.settings;
  const rows: [string, string][] = [
    ['Company name', s.companyName],
    ['Legal name', s.legalName],
    ['Tax id', s.taxId],
    ['Address', s.address],
    ['Phone', s.phone],
    ['Email', s.email],
    ['Currency', s.currency],
    ['Time zone', s.timeZone],
    ['Locale', s.locale],
    ['Country', s.country],
    ['Account number prefix', s.accountNumberPrefix],
    ['Tile server URL', s.mapTileUrl],
    ['Map attribution', s.mapAttribution],
  ];
  return (
    <AppPage title="Company settings" principal={props.principal} active="/app/settings" showOutbox={props.showOutbox}>
      <BillingLink />
      <table class="card">
        <tbody>
          {rows.map(([label, value]) => (
            <tr>
              <th scope="row">{label}</th>
              <td style="white-space:pre-line">{value || <span class="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LogoCard {...props} />
    </AppPage>
  );
}

function BillingLink() {
  return (
    <p>
      <a href="/app/settings/billing">Billing settings and tax rates</a>
    </p>
  );
}
