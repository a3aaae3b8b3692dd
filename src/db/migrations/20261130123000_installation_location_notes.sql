-- migrate:up
-- Installations get location notes (landmarks, gate colour) like customers, so the edit form
-- can use the shared location fieldset in full.
ALTER TABLE installations ADD COLUMN location_notes text NOT NULL DEFAULT '' CHECK (length(location_notes) <= 500);

-- migrate:down
ALTER TABLE installations DROP COLUMN location_notes;
