-- migrate:up
-- Issue 3, part 1: service areas, service plans, subscribers and their status history.
-- Every table follows DESIGN.md's tenancy rules: tenant_id first in every key, composite
-- foreign keys, forced RLS through lastmile_secure_tenant_table().

-- Trigram indexes for subscriber search; btree_gin lets one GIN index start with tenant_id,
-- so a search never reads another tenant's index entries (and stays single-shard on Citus).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

ALTER TABLE tenant_settings
  ADD COLUMN account_number_prefix text NOT NULL DEFAULT 'ACC-'
    CHECK (account_number_prefix ~ '^[A-Za-z0-9][A-Za-z0-9/_-]{0,11}$'),
  ADD COLUMN map_tile_url text NOT NULL DEFAULT 'https://tile.openstreetmap.org/{z}/{x}/{y}.png'
    CHECK (length(map_tile_url) <= 500),
  ADD COLUMN map_attribution text NOT NULL DEFAULT '© OpenStreetMap contributors'
    CHECK (length(map_attribution) <= 300);

-- A hierarchy chosen by the ISP: province > city > barangay, county > ward, ...
CREATE TABLE service_areas (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  parent_id uuid,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  code text CHECK (length(code) BETWEEN 1 AND 40),
  -- What this level is called ("Province", "Barangay"): shown, never interpreted.
  kind text NOT NULL DEFAULT '' CHECK (length(kind) <= 40),
  active boolean NOT NULL DEFAULT true,
  -- Identifier in the system an import came from; makes re-running an import a no-op.
  external_ref text CHECK (length(external_ref) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES service_areas (tenant_id, id),
  CHECK (parent_id IS DISTINCT FROM id)
);
-- Unique per tenant and parent; NULLS NOT DISTINCT makes top-level names unique too.
CREATE UNIQUE INDEX service_areas_name_key ON service_areas (tenant_id, parent_id, lower(name)) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX service_areas_code_key ON service_areas (tenant_id, parent_id, lower(code)) NULLS NOT DISTINCT WHERE code IS NOT NULL;
CREATE UNIQUE INDEX service_areas_external_ref_key ON service_areas (tenant_id, external_ref) WHERE external_ref IS NOT NULL;
SELECT lastmile_secure_tenant_table('service_areas');
GRANT SELECT, INSERT, UPDATE, DELETE ON service_areas TO lastmile_app;

CREATE TABLE service_plans (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  download_mbps integer NOT NULL CHECK (download_mbps BETWEEN 1 AND 100000),
  upload_mbps integer NOT NULL CHECK (upload_mbps BETWEEN 1 AND 100000),
  -- Price of one billing period, in the currency's minor unit (DESIGN.md "Money and time").
  price_minor bigint NOT NULL CHECK (price_minor >= 0),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- One period is period_count months (calendar, month-end clamped) or period_count days.
  period_unit text NOT NULL DEFAULT 'month' CHECK (period_unit IN ('month', 'day')),
  period_count integer NOT NULL DEFAULT 1 CHECK (period_count BETWEEN 1 AND 366),
  setup_fee_minor bigint CHECK (setup_fee_minor >= 0),
  -- Key of a tax class; the billing issue defines the rates behind each class.
  tax_class text NOT NULL DEFAULT 'standard' CHECK (tax_class ~ '^[a-z][a-z0-9_]{0,39}$'),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  active boolean NOT NULL DEFAULT true,
  retired_at timestamptz,
  external_ref text CHECK (length(external_ref) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX service_plans_name_key ON service_plans (tenant_id, lower(name));
CREATE UNIQUE INDEX service_plans_external_ref_key ON service_plans (tenant_id, external_ref) WHERE external_ref IS NOT NULL;
SELECT lastmile_secure_tenant_table('service_plans');
GRANT SELECT, INSERT, UPDATE, DELETE ON service_plans TO lastmile_app;

CREATE TABLE customers (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- Prefix + number from the tenant counter 'customer_account' (DESIGN.md tenancy rule 8).
  account_number text NOT NULL CHECK (length(account_number) BETWEEN 1 AND 40),
  first_name text NOT NULL DEFAULT '' CHECK (length(first_name) <= 100),
  last_name text NOT NULL DEFAULT '' CHECK (length(last_name) <= 100),
  company_name text NOT NULL DEFAULT '' CHECK (length(company_name) <= 200),
  -- A person has a first name, a business a company name.
  CHECK (first_name <> '' OR company_name <> ''),
  email text CHECK (length(email) BETWEEN 3 AND 254),
  phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
  alt_phone text NOT NULL DEFAULT '' CHECK (length(alt_phone) <= 40),
  service_address text NOT NULL DEFAULT '' CHECK (length(service_address) <= 500),
  area_id uuid,
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  location_accuracy text CHECK (location_accuracy IN ('exact', 'approximate', 'address', 'manual')),
  location_notes text NOT NULL DEFAULT '' CHECK (length(location_notes) <= 500),
  CHECK ((latitude IS NULL) = (longitude IS NULL)),
  status text NOT NULL DEFAULT 'lead' CHECK (status IN ('lead', 'active', 'suspended', 'disconnected', 'terminated')),
  status_changed_at timestamptz NOT NULL DEFAULT now(),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
  tags text[] NOT NULL DEFAULT '{}',
  external_ref text CHECK (length(external_ref) BETWEEN 1 AND 100),
  -- What lists sort by and show: the company name, else "first last".
  display_name text GENERATED ALWAYS AS (
    CASE WHEN company_name <> '' THEN company_name ELSE btrim(first_name || ' ' || last_name) END
  ) STORED,
  -- One lower-cased haystack for search: names, account number, e-mail, and phones both as
  -- typed and as bare digits (so "0917 123 4567" and "09171234567" both find the subscriber).
  search_text text GENERATED ALWAYS AS (lower(
    account_number || ' ' || first_name || ' ' || last_name || ' ' || company_name || ' ' ||
    coalesce(email, '') || ' ' || phone || ' ' || alt_phone || ' ' ||
    regexp_replace(phone, '[^0-9]', '', 'g') || ' ' || regexp_replace(alt_phone, '[^0-9]', '', 'g')
  )) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, area_id) REFERENCES service_areas (tenant_id, id)
);
CREATE UNIQUE INDEX customers_account_number_key ON customers (tenant_id, account_number);
CREATE UNIQUE INDEX customers_email_key ON customers (tenant_id, lower(email)) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX customers_external_ref_key ON customers (tenant_id, external_ref) WHERE external_ref IS NOT NULL;
CREATE INDEX customers_search ON customers USING gin (tenant_id, search_text gin_trgm_ops);
CREATE INDEX customers_tags ON customers USING gin (tenant_id, tags);
CREATE INDEX customers_by_name ON customers (tenant_id, lower(display_name), id);
CREATE INDEX customers_by_status ON customers (tenant_id, status, id);
CREATE INDEX customers_by_area ON customers (tenant_id, area_id, id);
CREATE INDEX customers_by_created ON customers (tenant_id, created_at DESC, id DESC);
SELECT lastmile_secure_tenant_table('customers');
GRANT SELECT, INSERT, UPDATE ON customers TO lastmile_app;

-- Every status a subscriber has had, with when, why and who. Append-only.
CREATE TABLE customer_status_changes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL,
  from_status text,
  to_status text NOT NULL,
  reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
  -- Calendar date the change takes effect, in the tenant's time zone.
  effective_on date NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_label text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX customer_status_changes_by_customer ON customer_status_changes (tenant_id, customer_id, changed_at);
SELECT lastmile_secure_tenant_table('customer_status_changes');
GRANT SELECT, INSERT ON customer_status_changes TO lastmile_app;

-- migrate:down
DROP TABLE customer_status_changes;
DROP TABLE customers;
DROP TABLE service_plans;
DROP TABLE service_areas;
ALTER TABLE tenant_settings DROP COLUMN account_number_prefix, DROP COLUMN map_tile_url, DROP COLUMN map_attribution;
-- The extensions may serve other objects, so they stay.
