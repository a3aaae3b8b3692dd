-- migrate:up
-- Issue 3, bulk work: every CSV import a tenant has run (upload page, API or CLI), with its
-- outcome. For uploads the file itself is kept here between the dry run and the import, so
-- staff import exactly the file they checked without uploading it again.
CREATE TABLE import_files (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  import_type text NOT NULL CHECK (import_type IN ('areas', 'plans', 'customers', 'devices', 'installations')),
  source text NOT NULL CHECK (source IN ('upload', 'api', 'cli')),
  file_name text NOT NULL DEFAULT '' CHECK (length(file_name) <= 255),
  -- The CSV text; NULL for CLI runs (the file stays on the operator's disk).
  content text,
  size_bytes integer NOT NULL CHECK (size_bytes >= 0),
  row_count integer NOT NULL DEFAULT 0 CHECK (row_count >= 0),
  -- checked: dry run done (problem_count says whether it can be imported);
  -- imported: committed; failed: a real run found problems and wrote nothing.
  status text NOT NULL CHECK (status IN ('checked', 'imported', 'failed')),
  created_count integer NOT NULL DEFAULT 0 CHECK (created_count >= 0),
  skipped_count integer NOT NULL DEFAULT 0 CHECK (skipped_count >= 0),
  problem_count integer NOT NULL DEFAULT 0 CHECK (problem_count >= 0),
  -- [{line, column, message}] of the latest run, capped by the application.
  problems jsonb NOT NULL DEFAULT '[]',
  -- Who uploaded or ran it (user, API key or system), as the audit log names actors.
  actor_type text NOT NULL,
  actor_id uuid,
  actor_label text NOT NULL DEFAULT '' CHECK (length(actor_label) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  imported_at timestamptz,
  imported_by_label text NOT NULL DEFAULT '' CHECK (length(imported_by_label) <= 200),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX import_files_by_created ON import_files (tenant_id, created_at DESC, id DESC);
SELECT lastmile_secure_tenant_table('import_files');
GRANT SELECT, INSERT, UPDATE ON import_files TO lastmile_app;

-- migrate:down
DROP TABLE import_files;
