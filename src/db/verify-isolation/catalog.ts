/**
 * Reads what verify-isolation judges from the live PostgreSQL catalog of schema public:
 * tables, policies, keys, foreign keys, triggers, views and the runtime role. Plain reads of
 * pg_catalog, which every role may do; nothing here touches tenant data.
 */
import { sql } from 'kysely';
import type { PlatformTx } from '../tenancy.ts';
import { APP_ROLE, PLATFORM_ROLE } from '../tenancy.ts';

export interface CatalogTable {
  name: string;
  rlsEnabled: boolean;
  rlsForced: boolean;
  /** format_type of tenant_id, or null when the table has no tenant_id (a platform table). */
  tenantIdType: string | null;
  tenantIdNotNull: boolean;
  /** The runtime role can read or write it (directly, or through PUBLIC or a role it is in). */
  appHasAccess: boolean;
  platformCanRead: boolean;
}

export interface CatalogPolicy {
  table: string;
  name: string;
  /** '*' all, 'r' select, 'a' insert, 'w' update, 'd' delete (pg_policy.polcmd). */
  command: string;
  permissive: boolean;
  /** Role names; 'public' for PUBLIC. */
  roles: string[];
  using: string | null;
  withCheck: string | null;
}

export interface CatalogKey {
  table: string;
  name: string;
  kind: 'primary' | 'unique' | 'exclusion';
  /** Leading column name, or null when the key starts with an expression. */
  firstColumn: string | null;
  definition: string;
}

export interface CatalogForeignKey {
  table: string;
  name: string;
  referencedTable: string;
  columns: string[];
  referencedColumns: string[];
  definition: string;
}

export interface CatalogView {
  name: string;
  materialized: boolean;
  securityInvoker: boolean;
  appHasAccess: boolean;
}

/** A SECURITY DEFINER function of schema public: it runs with its owner's rights, not the caller's. */
export interface CatalogDefinerFunction {
  /** name(argument types) */
  name: string;
  /** The owner is superuser or BYPASSRLS, so RLS does not guard what the function reads. */
  ownerBypassesRls: boolean;
  /** A `SET search_path` is attached, so the caller cannot shadow what the body names. */
  searchPathPinned: boolean;
  /** Whether the runtime role may call it (directly, through PUBLIC or a role it is in). */
  appCanExecute: boolean;
  body: string;
}

export interface CatalogRole {
  exists: boolean;
  superuser: boolean;
  bypassRls: boolean;
  canLogin: boolean;
  /** Objects the role owns, as "kind name". */
  owns: string[];
  /** Roles it can become (membership) that are superuser or bypass RLS. */
  privilegedMemberships: string[];
}

export interface Catalog {
  tables: CatalogTable[];
  policies: CatalogPolicy[];
  keys: CatalogKey[];
  foreignKeys: CatalogForeignKey[];
  /** Tables with an enabled BEFORE UPDATE row trigger calling lastmile_forbid_tenant_change(). */
  tablesWithImmutableTrigger: Set<string>;
  views: CatalogView[];
  definerFunctions: CatalogDefinerFunction[];
  appRole: CatalogRole;
  /** Roles the runtime role is a member of (including itself), for deciding who a policy applies to. */
  appRoleMemberOf: string[];
}

const PUBLIC_SCHEMA = 'public';

export async function readCatalog(trx: PlatformTx): Promise<Catalog> {
  const appRole = await readRole(trx);
  // has_table_privilege() raises on an unknown role, so access is only asked about a role that exists.
  const appAccess = appRole.exists
    ? sql<boolean>`has_table_privilege(${APP_ROLE}, c.oid, 'SELECT, INSERT, UPDATE, DELETE')`
    : sql<boolean>`false`;

  const tables = await sql<CatalogTable>`
    select c.relname as "name", c.relrowsecurity as "rlsEnabled", c.relforcerowsecurity as "rlsForced",
      format_type(a.atttypid, a.atttypmod) as "tenantIdType", coalesce(a.attnotnull, false) as "tenantIdNotNull",
      ${appAccess} as "appHasAccess",
      has_table_privilege(${PLATFORM_ROLE}, c.oid, 'SELECT') as "platformCanRead"
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
    where n.nspname = ${PUBLIC_SCHEMA} and c.relkind in ('r', 'p')
    order by c.relname`.execute(trx);

  const policies = await sql<CatalogPolicy>`
    select c.relname as "table", p.polname as "name", p.polcmd::text as "command", p.polpermissive as "permissive",
      array(select case when r = 0 then 'public' else pg_get_userbyid(r)::text end from unnest(p.polroles) r)::text[] as "roles",
      pg_get_expr(p.polqual, p.polrelid) as "using", pg_get_expr(p.polwithcheck, p.polrelid) as "withCheck"
    from pg_policy p
    join pg_class c on c.oid = p.polrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${PUBLIC_SCHEMA}
    order by c.relname, p.polname`.execute(trx);

  const keys = await sql<CatalogKey>`
    select c.relname as "table", i.relname as "name",
      case when x.indisprimary then 'primary' when x.indisunique then 'unique' else 'exclusion' end as "kind",
      a.attname::text as "firstColumn", pg_get_indexdef(x.indexrelid) as "definition"
    from pg_index x
    join pg_class c on c.oid = x.indrelid
    join pg_class i on i.oid = x.indexrelid
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_attribute a on a.attrelid = c.oid and a.attnum = x.indkey[0] and x.indkey[0] <> 0
    where n.nspname = ${PUBLIC_SCHEMA} and c.relkind in ('r', 'p')
      and (x.indisprimary or x.indisunique or x.indisexclusion)
    order by c.relname, i.relname`.execute(trx);

  const foreignKeys = await sql<CatalogForeignKey>`
    select c.relname as "table", con.conname as "name", f.relname as "referencedTable",
      array(select a.attname::text from unnest(con.conkey) with ordinality k(num, ord)
            join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.num order by k.ord)::text[] as "columns",
      array(select a.attname::text from unnest(con.confkey) with ordinality k(num, ord)
            join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.num order by k.ord)::text[] as "referencedColumns",
      pg_get_constraintdef(con.oid) as "definition"
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    join pg_class f on f.oid = con.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where con.contype = 'f' and n.nspname = ${PUBLIC_SCHEMA}
    order by c.relname, con.conname`.execute(trx);

  // tgtype bits: 1 = FOR EACH ROW, 2 = BEFORE, 16 = UPDATE.
  const triggers = await sql<{ table: string }>`
    select distinct c.relname as "table"
    from pg_trigger t
    join pg_class c on c.oid = t.tgrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_proc p on p.oid = t.tgfoid
    where n.nspname = ${PUBLIC_SCHEMA} and not t.tgisinternal and t.tgenabled <> 'D'
      and p.proname = 'lastmile_forbid_tenant_change'
      and (t.tgtype & 1) = 1 and (t.tgtype & 2) = 2 and (t.tgtype & 16) = 16`.execute(trx);

  const views = await sql<{ name: string; materialized: boolean; options: string[] | null; appHasAccess: boolean }>`
    select c.relname as "name", c.relkind = 'm' as "materialized", c.reloptions::text[] as "options",
      ${appAccess} as "appHasAccess"
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${PUBLIC_SCHEMA} and c.relkind in ('v', 'm')
    order by c.relname`.execute(trx);

  // has_function_privilege() raises on an unknown role, like has_table_privilege().
  const appExecute = appRole.exists ? sql<boolean>`has_function_privilege(${APP_ROLE}, p.oid, 'EXECUTE')` : sql<boolean>`false`;
  const definerFunctions = await sql<CatalogDefinerFunction>`
    select p.oid::regprocedure::text as "name", (o.rolsuper or o.rolbypassrls) as "ownerBypassesRls",
      coalesce(exists (select 1 from unnest(p.proconfig) s where s like 'search_path=%'), false) as "searchPathPinned",
      ${appExecute} as "appCanExecute", coalesce(p.prosrc, '') as "body"
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    join pg_roles o on o.oid = p.proowner
    where n.nspname = ${PUBLIC_SCHEMA} and p.prosecdef
    order by 1`.execute(trx);

  const memberOf = appRole.exists
    ? (await sql<{ name: string }>`select rolname::text as "name" from pg_roles where pg_has_role(${APP_ROLE}, oid, 'MEMBER')`.execute(trx)).rows.map((r) => r.name)
    : [];

  return {
    tables: tables.rows,
    policies: policies.rows,
    keys: keys.rows,
    foreignKeys: foreignKeys.rows,
    tablesWithImmutableTrigger: new Set(triggers.rows.map((r) => r.table)),
    views: views.rows.map((v) => ({
      name: v.name,
      materialized: v.materialized,
      securityInvoker: (v.options ?? []).some((o) => /^security_invoker=(true|on|yes|1)$/i.test(o)),
      appHasAccess: v.appHasAccess,
    })),
    definerFunctions: definerFunctions.rows,
    appRole,
    appRoleMemberOf: memberOf,
  };
}

async function readRole(trx: PlatformTx): Promise<CatalogRole> {
  const role = (
    await sql<{ superuser: boolean; bypassRls: boolean; canLogin: boolean }>`
      select rolsuper as "superuser", rolbypassrls as "bypassRls", rolcanlogin as "canLogin"
      from pg_roles where rolname = ${APP_ROLE}`.execute(trx)
  ).rows[0];
  if (!role) return { exists: false, superuser: false, bypassRls: false, canLogin: false, owns: [], privilegedMemberships: [] };

  const owns = await sql<{ what: string }>`
    with app as (select oid from pg_roles where rolname = ${APP_ROLE})
    select 'relation ' || c.oid::regclass::text as "what" from pg_class c, app where c.relowner = app.oid
    union all
    select 'function ' || p.oid::regprocedure::text from pg_proc p, app where p.proowner = app.oid
    union all
    select 'schema ' || quote_ident(s.nspname) from pg_namespace s, app where s.nspowner = app.oid
    order by 1`.execute(trx);

  const privileged = await sql<{ name: string }>`
    select rolname::text as "name" from pg_roles
    where rolname <> ${APP_ROLE} and (rolsuper or rolbypassrls) and pg_has_role(${APP_ROLE}, oid, 'MEMBER')
    order by 1`.execute(trx);

  return { exists: true, ...role, owns: owns.rows.map((r) => r.what), privilegedMemberships: privileged.rows.map((r) => r.name) };
}
