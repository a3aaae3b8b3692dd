-- migrate:up
-- Issue 3, part 2: the FTTH outside plant. An LCP (local convergence point, a street
-- cabinet fed from the OLT) holds splitters; each splitter port feeds one NAP box; each NAP
-- box has drop ports, and one drop port serves one subscriber's installation.

CREATE TABLE lcps (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  -- Feeder ports a splitter can hang from.
  port_count integer NOT NULL DEFAULT 8 CHECK (port_count BETWEEN 1 AND 256),
  area_id uuid,
  address text NOT NULL DEFAULT '' CHECK (length(address) <= 500),
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  CHECK ((latitude IS NULL) = (longitude IS NULL)),
  coverage_radius_m integer CHECK (coverage_radius_m BETWEEN 1 AND 100000),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  active boolean NOT NULL DEFAULT true,
  external_ref text CHECK (length(external_ref) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, area_id) REFERENCES service_areas (tenant_id, id)
);
CREATE UNIQUE INDEX lcps_code_key ON lcps (tenant_id, lower(code));
CREATE UNIQUE INDEX lcps_external_ref_key ON lcps (tenant_id, external_ref) WHERE external_ref IS NOT NULL;
SELECT lastmile_secure_tenant_table('lcps');
GRANT SELECT, INSERT, UPDATE ON lcps TO lastmile_app;

CREATE TABLE splitters (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  lcp_id uuid NOT NULL,
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  -- 1:ratio; the ratio is the number of output ports.
  ratio integer NOT NULL CHECK (ratio IN (2, 4, 8, 16, 32, 64)),
  -- The LCP feeder port it hangs from.
  lcp_port integer NOT NULL CHECK (lcp_port >= 1),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  active boolean NOT NULL DEFAULT true,
  external_ref text CHECK (length(external_ref) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, lcp_id) REFERENCES lcps (tenant_id, id)
);
CREATE UNIQUE INDEX splitters_code_key ON splitters (tenant_id, lcp_id, lower(code));
-- One active splitter per LCP port; a deactivated one leaves its port to a replacement.
CREATE UNIQUE INDEX splitters_lcp_port_key ON splitters (tenant_id, lcp_id, lcp_port) WHERE active;
CREATE UNIQUE INDEX splitters_external_ref_key ON splitters (tenant_id, external_ref) WHERE external_ref IS NOT NULL;
SELECT lastmile_secure_tenant_table('splitters');
GRANT SELECT, INSERT, UPDATE ON splitters TO lastmile_app;

CREATE TABLE naps (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  splitter_id uuid NOT NULL,
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  name text NOT NULL DEFAULT '' CHECK (length(name) <= 120),
  -- The splitter output port this NAP box is fed from.
  splitter_port integer NOT NULL CHECK (splitter_port >= 1),
  port_count integer NOT NULL CHECK (port_count BETWEEN 1 AND 64),
  address text NOT NULL DEFAULT '' CHECK (length(address) <= 500),
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  CHECK ((latitude IS NULL) = (longitude IS NULL)),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  active boolean NOT NULL DEFAULT true,
  external_ref text CHECK (length(external_ref) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, splitter_id) REFERENCES splitters (tenant_id, id)
);
CREATE UNIQUE INDEX naps_code_key ON naps (tenant_id, splitter_id, lower(code));
CREATE UNIQUE INDEX naps_splitter_port_key ON naps (tenant_id, splitter_id, splitter_port) WHERE active;
CREATE UNIQUE INDEX naps_external_ref_key ON naps (tenant_id, external_ref) WHERE external_ref IS NOT NULL;
SELECT lastmile_secure_tenant_table('naps');
GRANT SELECT, INSERT, UPDATE ON naps TO lastmile_app;

-- One row per drop port, created with its NAP, so an installation can reference (and the
-- unique index on installations can guard) a concrete port.
CREATE TABLE nap_ports (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  nap_id uuid NOT NULL,
  port_number integer NOT NULL CHECK (port_number BETWEEN 1 AND 64),
  -- A broken or reserved port is not offered to new installations.
  out_of_service boolean NOT NULL DEFAULT false,
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, nap_id) REFERENCES naps (tenant_id, id),
  UNIQUE (tenant_id, nap_id, port_number)
);
SELECT lastmile_secure_tenant_table('nap_ports');
-- DELETE: shrinking a NAP box removes its highest free ports.
GRANT SELECT, INSERT, UPDATE, DELETE ON nap_ports TO lastmile_app;

-- migrate:down
DROP TABLE nap_ports;
DROP TABLE naps;
DROP TABLE splitters;
DROP TABLE lcps;
