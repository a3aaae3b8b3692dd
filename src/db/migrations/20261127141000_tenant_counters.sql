-- migrate:up
-- Per-tenant counters for human-facing numbers (account, invoice, receipt numbers):
-- DESIGN.md tenancy rule 8. A number is taken by updating the counter row inside the same
-- transaction that uses it, so the row lock serialises takers and a rollback gives the
-- number back: sequences would leave gaps, these do not.
CREATE TABLE tenant_counters (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]{0,62}$'),
  last_value bigint NOT NULL DEFAULT 0 CHECK (last_value >= 0),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);
SELECT lastmile_secure_tenant_table('tenant_counters');
GRANT SELECT, INSERT, UPDATE ON tenant_counters TO lastmile_app;

-- migrate:down
DROP TABLE tenant_counters;
