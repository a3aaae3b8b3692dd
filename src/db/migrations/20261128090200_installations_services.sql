-- migrate:up
-- Issue 3, part 3: customer premises equipment, installations and services.

CREATE TABLE installations (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL,
  service_address text NOT NULL DEFAULT '' CHECK (length(service_address) <= 500),
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  location_accuracy text CHECK (location_accuracy IN ('exact', 'approximate', 'address', 'manual')),
  CHECK ((latitude IS NULL) = (longitude IS NULL)),
  -- NULL for a wireless site or while the port is not chosen yet.
  nap_port_id uuid,
  technician_id uuid,
  -- Calendar dates in the tenant's time zone.
  scheduled_on date,
  completed_on date,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'active', 'suspended', 'terminated', 'cancelled')),
  ended_on date,
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 5000),
  external_ref text CHECK (length(external_ref) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  FOREIGN KEY (tenant_id, nap_port_id) REFERENCES nap_ports (tenant_id, id),
  FOREIGN KEY (tenant_id, technician_id) REFERENCES users (tenant_id, id)
);
-- A port holds one live installation. Enforced here, not in code, so two staff taking the
-- last free port at once cannot both succeed: the second insert fails on this index.
CREATE UNIQUE INDEX installations_port_in_use ON installations (tenant_id, nap_port_id)
  WHERE nap_port_id IS NOT NULL AND status IN ('scheduled', 'active', 'suspended');
CREATE UNIQUE INDEX installations_external_ref_key ON installations (tenant_id, external_ref) WHERE external_ref IS NOT NULL;
CREATE INDEX installations_by_customer ON installations (tenant_id, customer_id);
CREATE INDEX installations_by_status ON installations (tenant_id, status, id);
SELECT lastmile_secure_tenant_table('installations');
GRANT SELECT, INSERT, UPDATE ON installations TO lastmile_app;

CREATE TABLE cpe_devices (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL DEFAULT 'onu' CHECK (kind IN ('onu', 'router', 'ap', 'antenna', 'other')),
  brand text NOT NULL CHECK (length(brand) BETWEEN 1 AND 80),
  model text NOT NULL CHECK (length(model) BETWEEN 1 AND 80),
  serial_number text NOT NULL CHECK (length(serial_number) BETWEEN 1 AND 80),
  -- Upper case, colon separated: AA:BB:CC:DD:EE:FF.
  mac_address text CHECK (mac_address ~ '^([0-9A-F]{2}:){5}[0-9A-F]{2}$'),
  status text NOT NULL DEFAULT 'in_stock' CHECK (status IN ('in_stock', 'installed', 'faulty', 'returned', 'retired')),
  installation_id uuid,
  CHECK ((status = 'installed') = (installation_id IS NOT NULL)),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  external_ref text CHECK (length(external_ref) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, installation_id) REFERENCES installations (tenant_id, id)
);
CREATE UNIQUE INDEX cpe_devices_serial_key ON cpe_devices (tenant_id, upper(serial_number));
CREATE UNIQUE INDEX cpe_devices_mac_key ON cpe_devices (tenant_id, mac_address) WHERE mac_address IS NOT NULL;
CREATE UNIQUE INDEX cpe_devices_external_ref_key ON cpe_devices (tenant_id, external_ref) WHERE external_ref IS NOT NULL;
CREATE INDEX cpe_devices_by_installation ON cpe_devices (tenant_id, installation_id) WHERE installation_id IS NOT NULL;
SELECT lastmile_secure_tenant_table('cpe_devices');
GRANT SELECT, INSERT, UPDATE ON cpe_devices TO lastmile_app;

-- Where each device has been: received, installed at, removed from, marked faulty, ...
-- Append-only.
CREATE TABLE cpe_device_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  device_id uuid NOT NULL,
  event text NOT NULL CHECK (event IN ('received', 'installed', 'removed', 'status_changed', 'edited')),
  from_status text,
  to_status text NOT NULL,
  installation_id uuid,
  customer_id uuid,
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_label text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, device_id) REFERENCES cpe_devices (tenant_id, id),
  FOREIGN KEY (tenant_id, installation_id) REFERENCES installations (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX cpe_device_events_by_device ON cpe_device_events (tenant_id, device_id, occurred_at);
SELECT lastmile_secure_tenant_table('cpe_device_events');
GRANT SELECT, INSERT ON cpe_device_events TO lastmile_app;

CREATE TABLE services (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  installation_id uuid,
  billing_mode text NOT NULL CHECK (billing_mode IN ('prepaid', 'postpaid')),
  -- Calendar dates in the tenant's time zone; the billing issue anchors periods on start_on.
  start_on date NOT NULL,
  end_on date,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'suspended', 'terminated')),
  -- Replaces the plan price for this subscriber (minor units of the plan's currency).
  price_override_minor bigint CHECK (price_override_minor >= 0),
  -- Taken off each period's price (minor units).
  discount_minor bigint CHECK (discount_minor >= 0),
  adjustment_reason text NOT NULL DEFAULT '' CHECK (length(adjustment_reason) <= 500),
  -- An override or discount must say why.
  CHECK ((price_override_minor IS NULL AND discount_minor IS NULL) OR adjustment_reason <> ''),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  external_ref text CHECK (length(external_ref) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
  FOREIGN KEY (tenant_id, plan_id) REFERENCES service_plans (tenant_id, id),
  FOREIGN KEY (tenant_id, installation_id) REFERENCES installations (tenant_id, id)
);
CREATE UNIQUE INDEX services_external_ref_key ON services (tenant_id, external_ref) WHERE external_ref IS NOT NULL;
CREATE INDEX services_by_customer ON services (tenant_id, customer_id);
CREATE INDEX services_by_plan ON services (tenant_id, plan_id);
SELECT lastmile_secure_tenant_table('services');
GRANT SELECT, INSERT, UPDATE ON services TO lastmile_app;

-- Every plan a service has had. The first row (from_plan_id NULL) is written when the
-- service is created; the billing issue prices each change. Append-only.
CREATE TABLE service_plan_changes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL,
  from_plan_id uuid,
  to_plan_id uuid NOT NULL,
  effective_on date NOT NULL,
  reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
  changed_at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_label text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id),
  FOREIGN KEY (tenant_id, from_plan_id) REFERENCES service_plans (tenant_id, id),
  FOREIGN KEY (tenant_id, to_plan_id) REFERENCES service_plans (tenant_id, id)
);
CREATE INDEX service_plan_changes_by_service ON service_plan_changes (tenant_id, service_id, changed_at);
SELECT lastmile_secure_tenant_table('service_plan_changes');
GRANT SELECT, INSERT ON service_plan_changes TO lastmile_app;

-- migrate:down
DROP TABLE service_plan_changes;
DROP TABLE services;
DROP TABLE cpe_device_events;
DROP TABLE cpe_devices;
DROP TABLE installations;
