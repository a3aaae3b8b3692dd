/**
 * Every subscriber the list's filters select, for the CSV export: the same query as the list
 * without pages, capped at EXPORT_LIMIT rows so one click cannot hold a connection for minutes.
 */
import { assertCan, type TenantContext } from '../context.ts';
import { searchCustomerRows, type CustomerListRow } from './customer-search-repository.ts';
import { readCustomerQuery, type CustomerListInput } from './list-customers.ts';

export const EXPORT_LIMIT = 100_000;

export async function exportCustomers(ctx: TenantContext, input: CustomerListInput): Promise<{ rows: CustomerListRow[]; truncated: boolean }> {
  assertCan(ctx.actor, 'customers.read');
  const query = readCustomerQuery(input);
  const rows = await searchCustomerRows(ctx.trx, ctx.tenantId, query.filter, { sort: query.sort, dir: query.dir, limit: EXPORT_LIMIT + 1 });
  return { rows: rows.slice(0, EXPORT_LIMIT), truncated: rows.length > EXPORT_LIMIT };
}
