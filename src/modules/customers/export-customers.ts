/**
 * Every subscriber the list's filters select, for the CSV export: the same query as the list
 * without pages, capped at EXPORT_LIMIT rows so one click cannot hold a connection for minutes.
 * Rows carry what `lastmile import customers` reads back (notes, the area's code or path), so
 * the file moves subscribers to another company or instance.
 */
import { selectAreas } from '../areas/areas-repository.ts';
import { assertCan, type TenantContext } from '../context.ts';
import { customerSearchQuery, type CustomerListRow } from './customer-search-repository.ts';
import { readCustomerQuery, type CustomerListInput } from './list-customers.ts';

export const EXPORT_LIMIT = 100_000;

export interface CustomerExportRow extends CustomerListRow {
  notes: string;
  locationNotes: string;
  /** The area's code when no other area of the company shares it (the importer's area_code). */
  areaCode: string | null;
  /** Otherwise the area's path, "Cavite > Imus > Bayan Luma" (the importer's area_path). */
  areaPath: string | null;
}

export async function exportCustomers(ctx: TenantContext, input: CustomerListInput): Promise<{ rows: CustomerExportRow[]; truncated: boolean }> {
  assertCan(ctx.actor, 'customers.read');
  const query = readCustomerQuery(input);
  const rows = await customerSearchQuery(ctx.trx, ctx.tenantId, query.filter, { sort: query.sort, dir: query.dir, limit: EXPORT_LIMIT + 1 })
    .select(['c.notes', 'c.location_notes as locationNotes'])
    .execute();
  const areas = await selectAreas(ctx.trx, ctx.tenantId).clearSelect().select(['a.id', 'a.code', 't.path']).execute();
  const codeUses = new Map<string, number>();
  for (const a of areas) if (a.code) codeUses.set(a.code.toLowerCase(), (codeUses.get(a.code.toLowerCase()) ?? 0) + 1);
  const areaKey = new Map(areas.map((a) => [a.id, a.code && codeUses.get(a.code.toLowerCase()) === 1 ? { areaCode: a.code, areaPath: null } : { areaCode: null, areaPath: a.path }]));
  const out = rows.slice(0, EXPORT_LIMIT).map(({ sort_key, ...row }) => ({
    ...row,
    sortKey: sort_key,
    ...((row.areaId ? areaKey.get(row.areaId) : undefined) ?? { areaCode: null, areaPath: null }),
  }));
  return { rows: out, truncated: rows.length > EXPORT_LIMIT };
}
