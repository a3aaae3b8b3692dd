/**
 * The tenancy rules of DESIGN.md, judged against a catalog snapshot. Pure: the same
 * snapshot always gives the same violations, so the rules are testable without a database.
 *
 * A tenant table is any table in schema public with a tenant_id column; there is no
 * exemption list. Every other table is a platform table.
 */
import type { Catalog, CatalogPolicy, CatalogTable } from './catalog.ts';
import { APP_ROLE } from '../tenancy.ts';

export interface Violation {
  /** The table (or view) at fault; null for rules about the runtime role. */
  table: string | null;
  rule: string;
  detail: string;
}

/** Check groups in report order, each with the rules it owns. */
export const CHECK_GROUPS = [
  { key: 'tenant_id', title: 'tenant_id is uuid NOT NULL', rules: ['tenant_id_not_uuid', 'tenant_id_nullable'] },
  { key: 'rls', title: 'row level security enabled and forced', rules: ['rls_disabled', 'rls_not_forced'] },
  { key: 'policies', title: 'tenant policies (USING and WITH CHECK on app.tenant_id)', rules: ['policy_missing', 'policy_using', 'policy_with_check', 'policy_or'] },
  { key: 'primary_keys', title: 'primary keys led by tenant_id', rules: ['primary_key_missing', 'primary_key_not_tenant_first'] },
  { key: 'unique_keys', title: 'unique constraints and indexes led by tenant_id', rules: ['unique_not_tenant_first'] },
  { key: 'foreign_keys', title: 'foreign keys between tenant tables composite on tenant_id', rules: ['foreign_key_not_composite'] },
  { key: 'triggers', title: 'tenant_id immutable (trigger)', rules: ['tenant_id_trigger_missing'] },
  { key: 'views', title: 'views are security_invoker', rules: ['view_not_security_invoker', 'materialized_view_exposed'] },
  {
    key: 'definer_functions',
    title: `SECURITY DEFINER functions ${APP_ROLE} can call (search_path pinned, tenant checked)`,
    rules: ['definer_search_path', 'definer_tenant_unchecked'],
  },
  { key: 'platform_tables', title: 'platform tables the runtime role can reach are under RLS', rules: ['platform_table_exposed'] },
  {
    key: 'runtime_role',
    title: `runtime role ${APP_ROLE} (no superuser, no BYPASSRLS, no login, owns nothing)`,
    rules: ['app_role_missing', 'app_role_superuser', 'app_role_bypassrls', 'app_role_login', 'app_role_owns', 'app_role_privileged_member'],
  },
  { key: 'data', title: 'data: every row belongs to an existing tenant, no cross-tenant references', rules: ['tenant_id_orphan', 'cross_tenant_reference', 'data_unchecked'] },
] as const;

export type CheckGroupKey = (typeof CHECK_GROUPS)[number]['key'];

export function isTenantTable(table: CatalogTable): boolean {
  return table.tenantIdType !== null;
}

export function checkCatalog(catalog: Catalog): Violation[] {
  const violations: Violation[] = [];
  const add = (table: string | null, rule: string, detail: string) => violations.push({ table, rule, detail });
  const tenantTables = new Set(catalog.tables.filter(isTenantTable).map((t) => t.name));
  const appliesToApp = (p: CatalogPolicy) => p.roles.some((r) => r === 'public' || catalog.appRoleMemberOf.includes(r));

  for (const table of catalog.tables.filter(isTenantTable)) {
    const name = table.name;
    if (table.tenantIdType !== 'uuid') add(name, 'tenant_id_not_uuid', `tenant_id is ${table.tenantIdType}, not uuid`);
    if (!table.tenantIdNotNull) add(name, 'tenant_id_nullable', 'tenant_id allows NULL');
    if (!table.rlsEnabled) add(name, 'rls_disabled', 'row level security is not enabled');
    if (!table.rlsForced) add(name, 'rls_not_forced', 'row level security is not forced (the owner bypasses it)');

    const policies = catalog.policies.filter((p) => p.table === name && appliesToApp(p));
    if (policies.length === 0) add(name, 'policy_missing', `no policy applies to ${APP_ROLE}`);
    for (const policy of policies) {
      for (const v of checkPolicy(policy)) add(name, v.rule, v.detail);
    }

    const primary = catalog.keys.find((k) => k.table === name && k.kind === 'primary');
    if (!primary) add(name, 'primary_key_missing', 'no primary key');
    else if (primary.firstColumn !== 'tenant_id') add(name, 'primary_key_not_tenant_first', `${primary.name}: ${primary.definition}`);
    for (const key of catalog.keys.filter((k) => k.table === name && k.kind !== 'primary')) {
      if (key.firstColumn !== 'tenant_id') add(name, 'unique_not_tenant_first', `${key.name}: ${key.definition}`);
    }

    for (const fk of catalog.foreignKeys.filter((f) => f.table === name && tenantTables.has(f.referencedTable))) {
      const pairsTenant = fk.columns.some((c, i) => c === 'tenant_id' && fk.referencedColumns[i] === 'tenant_id');
      if (!pairsTenant) add(name, 'foreign_key_not_composite', `${fk.name} -> ${fk.referencedTable}: ${fk.definition}`);
    }

    if (!catalog.tablesWithImmutableTrigger.has(name)) {
      add(name, 'tenant_id_trigger_missing', 'no BEFORE UPDATE trigger calling lastmile_forbid_tenant_change()');
    }
  }

  for (const view of catalog.views) {
    if (view.materialized) {
      // A materialized view stores rows as its owner saw them and cannot carry RLS.
      if (view.appHasAccess) add(view.name, 'materialized_view_exposed', `materialized view readable by ${APP_ROLE}`);
    } else if (!view.securityInvoker) {
      add(view.name, 'view_not_security_invoker', 'view runs with its owner’s rights; create it WITH (security_invoker = true)');
    }
  }

  for (const table of catalog.tables.filter((t) => !isTenantTable(t) && t.appHasAccess)) {
    const guarded = table.rlsEnabled && table.rlsForced && catalog.policies.some((p) => p.table === table.name && appliesToApp(p));
    if (!guarded) add(table.name, 'platform_table_exposed', `${APP_ROLE} has privileges on it but it is not under forced RLS with a policy`);
  }

  // Such a function is a way around RLS for the runtime role (customer_search_ids is the one
  // the migrations make): it must pin search_path, and if its owner bypasses RLS its body must
  // apply the tenant rule itself. A body that mentions the current tenant is taken on trust;
  // the function's own tests show it compares it (customer-search.test.ts).
  for (const fn of catalog.definerFunctions.filter((f) => f.appCanExecute)) {
    if (!fn.searchPathPinned) add(fn.name, 'definer_search_path', 'SECURITY DEFINER without SET search_path: a caller could shadow what it names');
    if (fn.ownerBypassesRls && fn.body.replace(CURRENT_TENANT, '') === fn.body) {
      add(fn.name, 'definer_tenant_unchecked', `runs as an owner that bypasses RLS and never reads app.tenant_id; revoke EXECUTE from ${APP_ROLE} and PUBLIC or check the tenant`);
    }
  }

  const role = catalog.appRole;
  if (!role.exists) add(null, 'app_role_missing', `role ${APP_ROLE} does not exist`);
  if (role.superuser) add(null, 'app_role_superuser', `${APP_ROLE} is a superuser`);
  if (role.bypassRls) add(null, 'app_role_bypassrls', `${APP_ROLE} has BYPASSRLS`);
  if (role.canLogin) add(null, 'app_role_login', `${APP_ROLE} can log in; it should only be entered with SET ROLE`);
  for (const owned of role.owns) add(null, 'app_role_owns', `${APP_ROLE} owns ${owned}`);
  for (const member of role.privilegedMemberships) {
    add(null, 'app_role_privileged_member', `${APP_ROLE} is a member of ${member}, which is superuser or bypasses RLS`);
  }
  return violations;
}

// A policy mentions the current tenant through the setting itself or the helper that reads it.
const CURRENT_TENANT = /'app\.tenant_id'|lastmile_current_tenant\(\)/g;

function referencesTenant(expression: string | null): boolean {
  if (!expression) return false;
  const withoutSetting = expression.replace(CURRENT_TENANT, '');
  return withoutSetting !== expression && /\btenant_id\b/.test(withoutSetting);
}

/**
 * USING guards reads, updates and deletes; WITH CHECK guards inserts and updates. A command
 * that cannot carry one (SELECT has no WITH CHECK, INSERT no USING) is not asked for it.
 */
function checkPolicy(policy: CatalogPolicy): { rule: string; detail: string }[] {
  const found: { rule: string; detail: string }[] = [];
  const needsUsing = policy.command !== 'a';
  const needsCheck = policy.command === '*' || policy.command === 'a' || policy.command === 'w';
  if (needsUsing && !referencesTenant(policy.using)) {
    found.push({ rule: 'policy_using', detail: `${policy.name}: USING ${policy.using ?? '(none)'} does not match tenant_id to app.tenant_id` });
  }
  if (needsCheck && !referencesTenant(policy.withCheck)) {
    found.push({ rule: 'policy_with_check', detail: `${policy.name}: WITH CHECK ${policy.withCheck ?? '(none)'} does not match tenant_id to app.tenant_id` });
  }
  // A permissive policy widens access: an OR could let other tenants' rows through.
  if (policy.permissive && [policy.using, policy.withCheck].some((e) => e && /\bOR\b/.test(e))) {
    found.push({ rule: 'policy_or', detail: `${policy.name}: permissive policy with OR may admit rows of other tenants` });
  }
  return found;
}
