/**
 * The data half of verify-isolation. Runs on the platform path (lastmile_platform bypasses
 * RLS), because under the runtime role with no tenant set every table reads as empty and
 * the checks would pass without looking at anything.
 */
import { sql } from 'kysely';
import type { Database } from '../database.ts';
import { PLATFORM_ROLE, withPlatform } from '../tenancy.ts';
import type { Catalog } from './catalog.ts';
import { isTenantTable, type Violation } from './rules.ts';

export interface DataCheckResult {
  violations: Violation[];
  rowsChecked: number;
}

export async function checkData(db: Database, catalog: Catalog): Promise<DataCheckResult> {
  const violations: Violation[] = [];
  let rowsChecked = 0;
  const tenantTables = catalog.tables.filter(isTenantTable);
  const tenantTableNames = new Set(tenantTables.map((t) => t.name));

  for (const table of tenantTables) {
    if (!table.platformCanRead) {
      violations.push({ table: table.name, rule: 'data_unchecked', detail: `${PLATFORM_ROLE} cannot read it (secure it with lastmile_secure_tenant_table)` });
      continue;
    }
    // Each table in its own transaction: one failing query must not hide the others' results.
    try {
      const counts = await withPlatform(db, async (trx) => {
        const { rows } = await sql<{ total: number; orphans: number }>`
          select count(*)::int as "total",
            count(*) filter (where not exists (select 1 from tenants t where t.id::text = x.tenant_id::text))::int as "orphans"
          from ${sql.table(table.name)} x`.execute(trx);
        return rows[0] ?? { total: 0, orphans: 0 };
      });
      rowsChecked += counts.total;
      if (counts.orphans > 0) {
        violations.push({ table: table.name, rule: 'tenant_id_orphan', detail: `${counts.orphans} row(s) with a tenant_id that is not in tenants` });
      }
    } catch (err) {
      violations.push({ table: table.name, rule: 'data_unchecked', detail: `could not read it: ${(err as Error).message}` });
    }
  }

  // A composite foreign key cannot cross tenants by construction. One that is not composite
  // (already a catalog violation) may already hold such references: count them.
  const looseKeys = catalog.foreignKeys.filter(
    (fk) =>
      tenantTableNames.has(fk.table) &&
      tenantTableNames.has(fk.referencedTable) &&
      !fk.columns.some((c, i) => c === 'tenant_id' && fk.referencedColumns[i] === 'tenant_id'),
  );
  for (const fk of looseKeys) {
    const join = sql.join(
      fk.columns.map((c, i) => sql`c.${sql.ref(c)} = p.${sql.ref(fk.referencedColumns[i] ?? c)}`),
      sql` and `,
    );
    try {
      const crossing = await withPlatform(db, async (trx) => {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as "n" from ${sql.table(fk.table)} c join ${sql.table(fk.referencedTable)} p on ${join}
          where c.tenant_id::text is distinct from p.tenant_id::text`.execute(trx);
        return rows[0]?.n ?? 0;
      });
      if (crossing > 0) {
        violations.push({ table: fk.table, rule: 'cross_tenant_reference', detail: `${fk.name}: ${crossing} row(s) point at another tenant's ${fk.referencedTable}` });
      }
    } catch (err) {
      violations.push({ table: fk.table, rule: 'data_unchecked', detail: `${fk.name}: could not compare tenants: ${(err as Error).message}` });
    }
  }
  return { violations, rowsChecked };
}
