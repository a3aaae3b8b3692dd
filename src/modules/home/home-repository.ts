/** The few counts the home page needs, each over the tenant's own rows. */
import { sql } from 'kysely';
import type { CustomerStatus } from '../../db/schema.ts';
import type { TenantTx } from '../../db/tenancy.ts';

export interface SetupCounts {
  areas: number;
  plans: number;
  lcps: number;
  splitters: number;
  naps: number;
  customers: number;
  installations: number;
  services: number;
}

/**
 * One statement of scalar subqueries; each filters tenant_id so it reads the tenant-first
 * index (RLS would filter anyway, but only after the scan).
 */
export async function countSetupItems(trx: TenantTx, tenantId: string): Promise<SetupCounts> {
  const count = (table: string) => sql<number>`(select count(*) from ${sql.table(table)} where tenant_id = ${tenantId})::int`;
  const { rows } = await sql<SetupCounts>`
    select ${count('service_areas')} as areas,
      ${count('service_plans')} as plans,
      ${count('lcps')} as lcps,
      ${count('splitters')} as splitters,
      ${count('naps')} as naps,
      ${count('customers')} as customers,
      ${count('installations')} as installations,
      ${count('services')} as services`.execute(trx);
  // ::int arrives as a JS number from both PGlite and pg.
  return rows[0]!;
}

export async function countCustomersByStatus(trx: TenantTx, tenantId: string): Promise<Partial<Record<CustomerStatus, number>>> {
  const rows = await trx
    .selectFrom('customers')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenantId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
