-- migrate:up
-- What platform operators did: operators created, sign-ins, tenants suspended and
-- reactivated. A platform table, not tenant-owned, append-only, readable and writable only
-- on the platform path. The tenant an entry concerns is target_tenant_id, deliberately not
-- named tenant_id: a tenant_id column marks a table as tenant-owned (forced RLS, tenant-first
-- keys) for verify-isolation and for the console's per-tenant row counts.
CREATE TABLE platform_audit_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- NULL only for a failed sign-in with an address that is no operator's.
  admin_id uuid REFERENCES platform_admins (id),
  action text NOT NULL,
  target_tenant_id uuid REFERENCES tenants (id),
  details jsonb NOT NULL DEFAULT '{}',
  ip text,
  request_id text
);
CREATE INDEX platform_audit_events_recent ON platform_audit_events (occurred_at DESC, id DESC);
CREATE INDEX platform_audit_events_tenant ON platform_audit_events (target_tenant_id, occurred_at DESC)
  WHERE target_tenant_id IS NOT NULL;
CREATE TRIGGER platform_audit_events_append_only BEFORE UPDATE OR DELETE ON platform_audit_events
  FOR EACH ROW EXECUTE FUNCTION lastmile_forbid_change();
GRANT SELECT, INSERT ON platform_audit_events TO lastmile_platform;

-- migrate:down
DROP TABLE platform_audit_events;
