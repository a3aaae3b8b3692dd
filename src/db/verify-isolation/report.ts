/** The human report of verify-isolation: one line per check group, violations under it. */
import { CHECK_GROUPS } from './rules.ts';
import type { IsolationReport } from './verify-isolation.ts';

export function formatReport(report: IsolationReport): string {
  const { checked } = report;
  const lines = [
    `Tenant tables (${checked.tenantTables.length}): ${checked.tenantTables.join(', ') || 'none'}`,
    `Platform tables (${checked.platformTables.length}, no tenant_id): ${checked.platformTables.join(', ') || 'none'}`,
    `Views (${checked.views.length}): ${checked.views.join(', ') || 'none'}`,
    '',
  ];
  const grouped = new Set<string>();
  for (const group of CHECK_GROUPS) {
    const rules: readonly string[] = group.rules;
    const found = report.violations.filter((v) => rules.includes(v.rule));
    for (const rule of rules) grouped.add(rule);
    lines.push(`${found.length === 0 ? 'ok  ' : 'FAIL'}  ${group.title}${found.length ? ` (${found.length})` : ''}`);
    for (const v of found) lines.push(`        ${v.table ?? '(role)'}  ${v.rule}  ${v.detail}`);
  }
  // A rule missing from CHECK_GROUPS must still be shown, never silently dropped.
  for (const v of report.violations.filter((x) => !grouped.has(x.rule))) lines.push(`FAIL  ${v.table ?? '(role)'}  ${v.rule}  ${v.detail}`);
  lines.push('');
  lines.push(
    report.ok
      ? `Isolation verified: ${checked.tenantTables.length} tenant tables, ${checked.policies} policies, ${checked.uniqueKeys} unique keys, ${checked.foreignKeys} foreign keys, ${checked.rows} rows.`
      : `Isolation FAILED: ${report.violations.length} violation(s).`,
  );
  return lines.join('\n');
}
