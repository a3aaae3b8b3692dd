/**
 * `lastmile verify-isolation`: checks DESIGN.md's tenancy rules against the live catalog and
 * data of the database the app runs on. See rules.ts for the rules, report.ts for output.
 */
import type { Database } from '../database.ts';
import { withPlatform } from '../tenancy.ts';
import { readCatalog } from './catalog.ts';
import { checkData } from './data-checks.ts';
import { checkCatalog, isTenantTable, type Violation } from './rules.ts';

export interface IsolationReport {
  ok: boolean;
  violations: Violation[];
  checked: {
    tenantTables: string[];
    platformTables: string[];
    views: string[];
    policies: number;
    uniqueKeys: number;
    foreignKeys: number;
    rows: number;
  };
}

export async function verifyIsolation(db: Database): Promise<IsolationReport> {
  const catalog = await withPlatform(db, (trx) => readCatalog(trx));
  const data = await checkData(db, catalog);
  const violations = [...checkCatalog(catalog), ...data.violations];
  return {
    ok: violations.length === 0,
    violations,
    checked: {
      tenantTables: catalog.tables.filter(isTenantTable).map((t) => t.name),
      platformTables: catalog.tables.filter((t) => !isTenantTable(t)).map((t) => t.name),
      views: catalog.views.map((v) => v.name),
      policies: catalog.policies.length,
      uniqueKeys: catalog.keys.filter((k) => k.kind !== 'primary').length,
      foreignKeys: catalog.foreignKeys.length,
      rows: data.rowsChecked,
    },
  };
}
