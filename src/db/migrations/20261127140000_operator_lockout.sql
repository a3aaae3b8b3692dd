-- migrate:up
-- Per-account lockout for platform operators, as staff accounts have: five wrong passwords
-- in a row lock the operator out for 15 minutes, whatever network the attempts come from
-- (the per-IP throttle alone lets a distributed guesser through).
ALTER TABLE platform_admins
  ADD COLUMN failed_sign_in_count integer NOT NULL DEFAULT 0,
  ADD COLUMN locked_until timestamptz;

-- migrate:down
ALTER TABLE platform_admins
  DROP COLUMN locked_until,
  DROP COLUMN failed_sign_in_count;
