-- migrate:up
-- Platform tables: not tenant-owned, never reachable by lastmile_app except its own tenant row.
CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  suspended_reason text,
  suspended_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
-- A tenant's staff may read their own company row and rename it; nothing else.
CREATE POLICY tenant_self ON tenants TO lastmile_app
  USING (id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, UPDATE (name, updated_at) ON tenants TO lastmile_app;
GRANT SELECT, INSERT, UPDATE ON tenants TO lastmile_platform;

CREATE TABLE platform_admins (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text NOT NULL DEFAULT '',
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz
);
CREATE UNIQUE INDEX platform_admins_email_key ON platform_admins (lower(email));
GRANT SELECT, INSERT, UPDATE ON platform_admins TO lastmile_platform;

CREATE TABLE platform_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  admin_id uuid NOT NULL REFERENCES platform_admins (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE, DELETE ON platform_sessions TO lastmile_platform;

-- Tenant tables. Every one: tenant_id first in the primary key and every unique key,
-- composite foreign keys, forced RLS (lastmile_secure_tenant_table).
CREATE TABLE tenant_settings (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  currency char(3) NOT NULL DEFAULT 'PHP' CHECK (currency ~ '^[A-Z]{3}$'),
  time_zone text NOT NULL DEFAULT 'Asia/Manila',
  country char(2) NOT NULL DEFAULT 'PH' CHECK (country ~ '^[A-Z]{2}$'),
  locale text NOT NULL DEFAULT 'en-PH',
  legal_name text NOT NULL DEFAULT '',
  tax_id text NOT NULL DEFAULT '',
  address text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  email text NOT NULL DEFAULT '',
  logo bytea,
  logo_content_type text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id)
);
SELECT lastmile_secure_tenant_table('tenant_settings');
GRANT SELECT, INSERT, UPDATE ON tenant_settings TO lastmile_app;

CREATE TABLE roles (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- Built-in roles carry a key (owner, admin, ...) and take their permissions from code,
  -- so a new permission reaches them without a data migration. Custom roles have no key.
  builtin_key text CHECK (builtin_key IN ('owner', 'admin', 'billing', 'support', 'technician', 'read_only')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  description text NOT NULL DEFAULT '',
  permissions text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, builtin_key)
);
CREATE UNIQUE INDEX roles_name_key ON roles (tenant_id, lower(name));
SELECT lastmile_secure_tenant_table('roles');
GRANT SELECT, INSERT, UPDATE, DELETE ON roles TO lastmile_app;

CREATE TABLE users (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- NULL until an invited user sets a password.
  password_hash text,
  role_id uuid NOT NULL,
  is_owner boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'deactivated')),
  failed_sign_in_count integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_sign_in_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, role_id) REFERENCES roles (tenant_id, id)
);
CREATE UNIQUE INDEX users_email_key ON users (tenant_id, lower(email));
-- Sign-in looks an e-mail up across tenants on the platform path.
CREATE INDEX users_email_lookup ON users (lower(email));
SELECT lastmile_secure_tenant_table('users');
GRANT SELECT, INSERT, UPDATE ON users TO lastmile_app;

CREATE TABLE sessions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  token_hash text NOT NULL,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);
SELECT lastmile_secure_tenant_table('sessions');
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO lastmile_app;

-- One-time links sent by e-mail: invitations and password resets.
CREATE TABLE user_tokens (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
  token_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
SELECT lastmile_secure_tenant_table('user_tokens');
GRANT SELECT, INSERT, UPDATE, DELETE ON user_tokens TO lastmile_app;

CREATE TABLE api_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- The first characters of the secret, shown in lists so staff can tell keys apart.
  key_prefix text NOT NULL,
  key_hash text NOT NULL,
  permissions text[] NOT NULL DEFAULT '{}',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, key_hash),
  FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);
SELECT lastmile_secure_tenant_table('api_keys');
GRANT SELECT, INSERT, UPDATE ON api_keys TO lastmile_app;

CREATE TABLE audit_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system', 'platform', 'anonymous')),
  actor_id uuid,
  -- Who it was at the time (name or key name), kept even if the actor is renamed later.
  actor_label text NOT NULL DEFAULT '',
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id uuid,
  before jsonb,
  after jsonb,
  ip text,
  request_id text,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_events_recent ON audit_events (tenant_id, occurred_at DESC, id DESC);
CREATE INDEX audit_events_entity ON audit_events (tenant_id, entity_type, entity_id);
SELECT lastmile_secure_tenant_table('audit_events');
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION lastmile_forbid_change();
GRANT SELECT, INSERT ON audit_events TO lastmile_app;

-- migrate:down
DROP TABLE audit_events;
DROP TABLE api_keys;
DROP TABLE user_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE roles;
DROP TABLE tenant_settings;
DROP TABLE platform_sessions;
DROP TABLE platform_admins;
DROP TABLE tenants;
