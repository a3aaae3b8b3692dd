-- migrate:up
-- Database roles and the tenancy toolkit every later migration uses.
-- lastmile_app: what all tenant work runs as (SET LOCAL ROLE inside withTenant). It has no
--   BYPASSRLS, owns nothing and is not a login role, so RLS always applies to it.
-- lastmile_platform: the small platform path (sign-up, platform console, isolation checks).
--   It bypasses RLS; code that uses it is kept in a few audited places.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lastmile_app') THEN
    CREATE ROLE lastmile_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lastmile_platform') THEN
    CREATE ROLE lastmile_platform NOLOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO lastmile_app, lastmile_platform;

-- The tenant of the current transaction, or NULL when none is set (fails closed).
CREATE FUNCTION lastmile_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $fn$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $fn$;

CREATE FUNCTION lastmile_forbid_tenant_change() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
BEGIN
  IF NEW.tenant_id IS DISTINCT FROM OLD.tenant_id THEN
    RAISE EXCEPTION 'tenant_id is immutable on %', TG_TABLE_NAME USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$fn$;

CREATE FUNCTION lastmile_forbid_change() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$fn$;

-- Applies DESIGN.md tenancy rule 3 and the immutable tenant_id trigger to one table.
-- Every migration that creates a tenant table calls this right after CREATE TABLE.
CREATE FUNCTION lastmile_secure_tenant_table(target regclass) RETURNS void
  LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::uuid) WITH CHECK (tenant_id = NULLIF(current_setting(''app.tenant_id'', true), '''')::uuid)',
    target);
  EXECUTE format(
    'CREATE TRIGGER tenant_id_immutable BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION lastmile_forbid_tenant_change()',
    target);
  EXECUTE format('GRANT SELECT ON %s TO lastmile_platform', target);
END
$fn$;

-- migrate:down
DROP FUNCTION IF EXISTS lastmile_secure_tenant_table(regclass);
DROP FUNCTION IF EXISTS lastmile_forbid_change();
DROP FUNCTION IF EXISTS lastmile_forbid_tenant_change();
DROP FUNCTION IF EXISTS lastmile_current_tenant();
REVOKE USAGE ON SCHEMA public FROM lastmile_app, lastmile_platform;
-- The roles are cluster-wide and may serve other databases, so they are left in place.
