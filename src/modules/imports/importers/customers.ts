/** Customers (subscribers) from CSV. The account number comes from the tenant's counter, as for any new customer. */
import type { CustomerStatus } from '../../../db/schema.ts';
import { createCustomer } from '../../customers/create-customer.ts';
import { idOrProblem } from '../import-lookups.ts';
import { list, nullable, optional, type Importer, type RowInput } from '../importer.ts';
import { externalRefExists } from './external-ref.ts';

const COLUMNS: Record<string, string> = { externalRef: 'external_ref', altPhone: 'alt_phone', locationAccuracy: 'location_accuracy', locationNotes: 'location_notes' };

/** The area by path or code; the column used is where its problems go. */
export async function areaFromRow(input: RowInput): Promise<{ id: string | null | undefined; column: string }> {
  const { row, lookups, problems } = input;
  const path = optional(row, 'area_path');
  if (path !== undefined) return { id: idOrProblem(await lookups.areaByPath(path), problems, 'area_path'), column: 'area_path' };
  const code = optional(row, 'area_code');
  if (code !== undefined) return { id: idOrProblem(await lookups.areaByCode(code), problems, 'area_code'), column: 'area_code' };
  return { id: null, column: row.values.area_path !== undefined ? 'area_path' : 'area_code' };
}

export const customersImporter: Importer = {
  type: 'customers',
  title: 'Customers',
  permissions: ['customers.manage'],
  columns: [
    { name: 'external_ref', required: true, help: 'Your own unique id for the customer; installation files refer to it as customer_ref' },
    { name: 'first_name', help: 'First name (a person needs a first name, a business a company name)' },
    { name: 'last_name', help: 'Last name' },
    { name: 'company_name', help: 'Company name, for business subscribers' },
    { name: 'email', help: 'E-mail, unique among customers (optional)' },
    { name: 'phone', help: 'Main phone, e.g. 0917 123 4567' },
    { name: 'alt_phone', help: 'Another phone' },
    { name: 'service_address', help: 'Where the service is delivered' },
    { name: 'area_code', help: 'Service area by code' },
    { name: 'area_path', help: 'Or the area by names from the top: "Cavite > Imus > Bayan Luma"' },
    { name: 'latitude', help: 'Decimal degrees, e.g. 14.4297' },
    { name: 'longitude', help: 'Decimal degrees, e.g. 120.9367' },
    { name: 'location_accuracy', help: 'exact, approximate, address or manual' },
    { name: 'location_notes', help: 'How to find the place' },
    { name: 'status', help: 'lead (default), active, suspended, disconnected or terminated' },
    { name: 'notes', help: 'Free text' },
    { name: 'tags', help: 'Tags separated by ; (e.g. vip;senior)' },
  ],
  alreadyImported: (ctx, ref) => externalRefExists(ctx, 'customers', ref),
  async importRow(input) {
    const { ctx, row, problems } = input;
    const area = await areaFromRow(input);
    const status = optional(row, 'status');
    const tags = list(row, 'tags');
    await problems.call({ ...COLUMNS, areaId: area.column }, () =>
      createCustomer(ctx, {
        firstName: row.values.first_name ?? '',
        lastName: row.values.last_name ?? '',
        companyName: row.values.company_name ?? '',
        email: nullable(row, 'email') ?? null,
        phone: row.values.phone ?? '',
        altPhone: row.values.alt_phone ?? '',
        serviceAddress: row.values.service_address ?? '',
        areaId: area.id ?? null,
        latitude: nullable(row, 'latitude') ?? null,
        longitude: nullable(row, 'longitude') ?? null,
        locationAccuracy: nullable(row, 'location_accuracy') ?? null,
        locationNotes: row.values.location_notes ?? '',
        ...(status !== undefined ? { status: status.toLowerCase() as CustomerStatus } : {}),
        notes: row.values.notes ?? '',
        ...(tags !== undefined ? { tags } : {}),
        externalRef: input.externalRef,
      }),
    );
  },
};
