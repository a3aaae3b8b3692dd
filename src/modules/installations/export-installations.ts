/**
 * Every installation the list's filters select, for the CSV export: the list's own query
 * without pages, with what `lastmile import installations` reads back besides (the
 * customer's reference, the technician's e-mail, the CPE serials), so the file moves
 * installations to another company or instance.
 */
import { sql } from 'kysely';
import { assertCan, type TenantContext } from '../context.ts';
import { installationListQuery, type InstallationListQuery, type InstallationView } from './installations-repository.ts';

export interface InstallationExportRow extends InstallationView {
  /**
   * The customer's external_ref, or its account number when it has none: what the customers
   * export writes as external_ref, so after importing that file the importer's customer_ref
   * finds the same subscriber.
   */
  customerRef: string;
  technicianEmail: string | null;
  /** Serial numbers of the CPE at the installation, joined with ';' (the importer's cpe_serial). */
  cpeSerials: string | null;
}

export async function exportInstallations(ctx: TenantContext, query: Omit<InstallationListQuery, 'cursor'>): Promise<InstallationExportRow[]> {
  assertCan(ctx.actor, 'customers.read');
  const rows = await installationListQuery(ctx.trx, ctx.tenantId, query)
    .select([
      sql<string>`coalesce(c.external_ref, c.account_number)`.as('customerRef'),
      'u.email as technicianEmail',
      sql<string | null>`(select string_agg(d.serial_number, ';' order by d.serial_number) from cpe_devices d
        where d.tenant_id = i.tenant_id and d.installation_id = i.id)`.as('cpeSerials'),
    ])
    .execute();
  return rows.slice(0, query.limit).map(({ sort_key: _k, ...row }) => row);
}
