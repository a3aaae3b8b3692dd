-- migrate:up
-- An uploaded file that was checked but never imported (or failed) holds subscribers'
-- personal data; nightly housekeeping drops its content after 7 days and stamps this column,
-- so the report stays and the page can say the file must be uploaded again.
ALTER TABLE import_files ADD COLUMN content_cleared_at timestamptz;
-- What housekeeping looks for: old files that still hold content.
CREATE INDEX import_files_with_content ON import_files (tenant_id, created_at) WHERE content IS NOT NULL;

-- migrate:down
DROP INDEX import_files_with_content;
ALTER TABLE import_files DROP COLUMN content_cleared_at;
