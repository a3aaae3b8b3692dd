/**
 * Changes company and billing settings. Partial: only the fields given are checked and
 * written, and all of them are checked before anything is written. The audit entry holds
 * the changed fields only, before and after.
 */
import type { TenantContext } from '../context.ts';
import { assertCan } from '../context.ts';
import { Problems, checkEmail, checkRequiredText, cleanText, normaliseEmail } from '../../lib/validate.ts';
import { isCurrencyCode } from '../../lib/currencies.ts';
import { isCountryCode } from '../../lib/countries.ts';
import { isTimeZone } from '../../lib/zoned-time.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { hasBillingHistory } from './billing-settings-repository.ts';
import { checkBillingSettings, type BillingSettingsFields, type BillingSettingsInput } from './billing-settings-rules.ts';
import { ACCOUNT_PREFIX, tileUrlProblem } from './map-settings.ts';
import { findSettings, updateSettingsRow, type EditableSettings, type TenantSettings } from './settings-repository.ts';

/** Each field optional; absent means "leave as is". */
export type UpdateSettingsInput = Partial<Record<Exclude<keyof EditableSettings, keyof BillingSettingsFields>, string>> & BillingSettingsInput;

const PHONE = /^[0-9+()\-.\s/]*$/;

export async function updateSettings(ctx: TenantContext, input: UpdateSettingsInput): Promise<TenantSettings> {
  assertCan(ctx.actor, 'settings.manage');
  const wanted = checkSettings(input);

  const current = await findSettings(ctx.trx, ctx.tenantId);
  const changed = (Object.keys(wanted) as (keyof EditableSettings)[]).filter((key) => wanted[key] !== undefined && wanted[key] !== current[key]);
  if (changed.length === 0) return current;
  const before = Object.fromEntries(changed.map((key) => [key, current[key]])) as Partial<EditableSettings>;
  const after = Object.fromEntries(changed.map((key) => [key, wanted[key]])) as Partial<EditableSettings>;

  // Currency may change freely while nothing has been billed. Once an invoice, payment or
  // ledger entry exists its amounts are in the old minor unit, so the change is refused.
  if (after.currency !== undefined && (await hasBillingHistory(ctx.trx, ctx.tenantId))) {
    const message = `The currency stays ${current.currency}: invoices or payments already hold amounts in it`;
    throw new AppError(422, 'currency_in_use', message, [{ field: 'currency', rule: 'currency_in_use', message }]);
  }
  await updateSettingsRow(ctx.trx, ctx.tenantId, after, ctx.now());
  await recordAuditEvent(ctx, { action: 'settings.updated', entityType: 'tenant_settings', entityId: ctx.tenantId, before, after });
  return findSettings(ctx.trx, ctx.tenantId);
}

/** Normalises the given fields and throws one 422 naming every bad one. */
export function checkSettings(input: UpdateSettingsInput): Partial<EditableSettings> {
  const problems = new Problems();
  const out: Partial<EditableSettings> = {};

  if (input.companyName !== undefined) {
    out.companyName = cleanText(input.companyName);
    checkRequiredText(problems, 'companyName', 'Company name', out.companyName);
  }
  const optionalText = (key: 'legalName' | 'taxId' | 'phone', label: string, max: number) => {
    const raw = input[key];
    if (raw === undefined) return;
    const value = cleanText(raw);
    if (value.length > max) problems.add(key, 'max_length', `${label} must be at most ${max} characters`);
    out[key] = value;
  };
  optionalText('legalName', 'Legal name', 200);
  optionalText('taxId', 'Tax id', 50);
  optionalText('phone', 'Phone', 40);
  if (out.phone && !PHONE.test(out.phone)) problems.add('phone', 'format', 'Phone may hold only digits, spaces and + ( ) - . /');

  if (input.address !== undefined) {
    // Addresses keep their line breaks; only the ends are trimmed.
    out.address = String(input.address).replace(/\r\n/g, '\n').trim();
    if (out.address.length > 500) problems.add('address', 'max_length', 'Address must be at most 500 characters');
  }
  if (input.email !== undefined) {
    out.email = normaliseEmail(input.email);
    if (out.email !== '') checkEmail(problems, 'email', out.email);
  }
  if (input.currency !== undefined) {
    out.currency = String(input.currency).trim().toUpperCase();
    if (!isCurrencyCode(out.currency)) problems.add('currency', 'unsupported', 'Choose a supported ISO 4217 currency code, e.g. PHP or USD');
  }
  if (input.timeZone !== undefined) {
    out.timeZone = String(input.timeZone).trim();
    if (!isTimeZone(out.timeZone)) problems.add('timeZone', 'unsupported', 'Choose an IANA time zone, e.g. Asia/Manila');
  }
  if (input.locale !== undefined) {
    const raw = String(input.locale).trim();
    out.locale = canonicalLocale(raw) ?? raw;
    if (raw === '') problems.add('locale', 'required', 'Locale is required');
    else if (raw.length > 35 || canonicalLocale(raw) === undefined) problems.add('locale', 'format', 'Enter a BCP 47 language tag, e.g. en-PH');
  }
  if (input.country !== undefined) {
    out.country = String(input.country).trim().toUpperCase();
    if (!isCountryCode(out.country)) problems.add('country', 'unsupported', 'Choose an ISO 3166 two-letter country code, e.g. PH');
  }
  if (input.accountNumberPrefix !== undefined) {
    out.accountNumberPrefix = String(input.accountNumberPrefix).trim();
    if (!ACCOUNT_PREFIX.test(out.accountNumberPrefix)) {
      problems.add('accountNumberPrefix', 'format', 'Account number prefix must be 1-12 letters, digits, / _ or -, starting with a letter or digit');
    }
  }
  if (input.mapTileUrl !== undefined) {
    out.mapTileUrl = String(input.mapTileUrl).trim();
    const problem = tileUrlProblem(out.mapTileUrl);
    if (problem) problems.add('mapTileUrl', 'format', problem);
  }
  if (input.mapAttribution !== undefined) {
    // Shown as plain text in the map corner (never as HTML).
    out.mapAttribution = cleanText(input.mapAttribution);
    if (out.mapAttribution.length > 300) problems.add('mapAttribution', 'max_length', 'Map attribution must be at most 300 characters');
  }
  Object.assign(out, checkBillingSettings(problems, input));
  problems.throwIfAny();
  return out;
}

function canonicalLocale(tag: string): string | undefined {
  try {
    const list = Intl.getCanonicalLocales(tag);
    return list.length === 1 ? list[0] : undefined;
  } catch {
    return undefined;
  }
}
