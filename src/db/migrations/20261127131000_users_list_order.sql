-- migrate:up
-- The team list and GET /api/v1/users page through a tenant's staff by (created_at, id);
-- without this index every page sorts all of the tenant's users.
CREATE INDEX users_list_order ON users (tenant_id, created_at, id);

-- migrate:down
DROP INDEX users_list_order;
