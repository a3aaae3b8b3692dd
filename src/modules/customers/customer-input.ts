/**
 * The rules for a subscriber's editable fields, shared by create, update and the importer.
 * Every problem is collected under the camelCase input name, so forms show each wrong field
 * and the importer maps them to CSV columns.
 */
import type { TenantTx } from '../../db/tenancy.ts';
import { parseLatLng, parseLocationAccuracy } from '../../lib/geo.ts';
import { cleanText, normaliseEmail, type Problems } from '../../lib/validate.ts';
import { emailInUse, externalRefInUse, isActiveArea, type CustomerColumns, type CustomerView } from './customers-repository.ts';

/** Editable fields as they arrive from a form, the API or a CSV row. Empty text means "none". */
export interface CustomerFieldsInput {
  firstName?: string | undefined;
  lastName?: string | undefined;
  companyName?: string | undefined;
  email?: string | null | undefined;
  phone?: string | undefined;
  altPhone?: string | undefined;
  serviceAddress?: string | undefined;
  areaId?: string | null | undefined;
  latitude?: number | string | null | undefined;
  longitude?: number | string | null | undefined;
  locationAccuracy?: string | null | undefined;
  locationNotes?: string | undefined;
  notes?: string | undefined;
  tags?: string[] | undefined;
  externalRef?: string | null | undefined;
}

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Loose on purpose: people type "+63 (917) 123-4567", "0722 123 456" and "0917-123-4567".
const PHONE = /^[0-9 +\-()]+$/;

/** Trimmed, inner whitespace kept (addresses and notes have line breaks). */
function trimmed(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim() : '';
}

function checkLength(problems: Problems, field: string, label: string, value: string, max: number): void {
  if (value.length > max) problems.add(field, 'max_length', `${label} must be at most ${max} characters`);
}

function checkPhone(problems: Problems, field: string, label: string, value: string): void {
  if (value === '') return;
  const digits = value.replace(/\D/g, '').length;
  if (!PHONE.test(value)) problems.add(field, 'format', `${label} may hold only digits, spaces, +, - and parentheses`);
  else if (digits < 5 || digits > 20) problems.add(field, 'format', `${label} must have 5 to 20 digits`);
  else checkLength(problems, field, label, value, 40);
}

/** Trimmed, lower-cased, without duplicates or empties; more than 20 or longer than 40 is a problem. */
export function normaliseTags(problems: Problems, raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [];
  const tags = [...new Set(list.map((t) => (typeof t === 'string' ? t.trim().toLowerCase().replace(/\s+/g, ' ') : '')).filter((t) => t !== ''))];
  if (tags.length > MAX_TAGS) problems.add('tags', 'max_items', `At most ${MAX_TAGS} tags`);
  const long = tags.find((t) => t.length > MAX_TAG_LENGTH);
  if (long) problems.add('tags', 'max_length', `Each tag must be at most ${MAX_TAG_LENGTH} characters ("${long.slice(0, 20)}…" is longer)`);
  return tags;
}

/** "vip, Tower B,  vip" -> ["vip", "tower b"]: how forms and CSV files carry tags. */
export function splitTags(text: string | undefined): string[] {
  return (text ?? '').split(',');
}

/** A customer's current values in input form: what an edit starts from. */
export function customerAsInput(c: CustomerView): CustomerFieldsInput {
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    companyName: c.companyName,
    email: c.email,
    phone: c.phone,
    altPhone: c.altPhone,
    serviceAddress: c.serviceAddress,
    areaId: c.areaId,
    latitude: c.latitude,
    longitude: c.longitude,
    locationAccuracy: c.locationAccuracy,
    locationNotes: c.locationNotes,
    notes: c.notes,
    tags: c.tags,
    externalRef: c.externalRef,
  };
}

/**
 * Validates every editable field and returns the column values. With `current` (an edit),
 * the area, e-mail and external reference are checked only when they change, so an edit of
 * the phone number is not refused because the customer's area was retired since.
 */
export async function checkCustomerFields(trx: TenantTx, tenantId: string, problems: Problems, input: CustomerFieldsInput, current?: CustomerView): Promise<CustomerColumns> {
  const firstName = cleanText(input.firstName);
  const lastName = cleanText(input.lastName);
  const companyName = cleanText(input.companyName);
  if (firstName === '' && companyName === '') problems.add('firstName', 'required', 'Enter a first name, or a company name for a business');
  checkLength(problems, 'firstName', 'First name', firstName, 100);
  checkLength(problems, 'lastName', 'Last name', lastName, 100);
  checkLength(problems, 'companyName', 'Company name', companyName, 200);

  const email = normaliseEmail(input.email ?? '');
  if (email !== '') {
    if (email.length > 254 || !EMAIL.test(email)) problems.add('email', 'format', 'Enter a valid email address');
    else if (email !== current?.email && (await emailInUse(trx, tenantId, email, current?.id))) {
      problems.add('email', 'taken', 'Another customer already uses this email');
    }
  }

  const phone = trimmed(input.phone);
  const altPhone = trimmed(input.altPhone);
  checkPhone(problems, 'phone', 'Phone', phone);
  checkPhone(problems, 'altPhone', 'Other phone', altPhone);

  const serviceAddress = trimmed(input.serviceAddress);
  checkLength(problems, 'serviceAddress', 'Service address', serviceAddress, 500);

  const areaId = trimmed(input.areaId ?? '') || null;
  if (areaId !== null && areaId !== current?.areaId && !(await isActiveArea(trx, tenantId, areaId))) {
    problems.add('areaId', 'not_found', 'Choose an active service area');
  }

  const location = parseLatLng(problems, { latitude: input.latitude, longitude: input.longitude });
  const locationAccuracy = parseLocationAccuracy(problems, input.locationAccuracy);
  const locationNotes = trimmed(input.locationNotes);
  checkLength(problems, 'locationNotes', 'Location notes', locationNotes, 500);

  const notes = trimmed(input.notes);
  checkLength(problems, 'notes', 'Notes', notes, 5000);
  const tags = normaliseTags(problems, input.tags);

  const externalRef = cleanText(input.externalRef ?? '') || null;
  if (externalRef !== null) {
    if (externalRef.length > 100) problems.add('externalRef', 'max_length', 'External reference must be at most 100 characters');
    else if (externalRef !== current?.externalRef && (await externalRefInUse(trx, tenantId, externalRef, current?.id))) {
      problems.add('externalRef', 'taken', 'Another customer already has this external reference');
    }
  }

  return {
    first_name: firstName,
    last_name: lastName,
    company_name: companyName,
    email: email === '' ? null : email,
    phone,
    alt_phone: altPhone,
    service_address: serviceAddress,
    area_id: areaId,
    latitude: location?.latitude ?? null,
    longitude: location?.longitude ?? null,
    location_accuracy: locationAccuracy,
    location_notes: locationNotes,
    notes,
    tags,
    external_ref: externalRef,
  };
}

/** Column name -> input name, for audit entries that read like the API. */
export const COLUMN_FIELDS: Record<keyof CustomerColumns, keyof CustomerFieldsInput> = {
  first_name: 'firstName',
  last_name: 'lastName',
  company_name: 'companyName',
  email: 'email',
  phone: 'phone',
  alt_phone: 'altPhone',
  service_address: 'serviceAddress',
  area_id: 'areaId',
  latitude: 'latitude',
  longitude: 'longitude',
  location_accuracy: 'locationAccuracy',
  location_notes: 'locationNotes',
  notes: 'notes',
  tags: 'tags',
  external_ref: 'externalRef',
};
