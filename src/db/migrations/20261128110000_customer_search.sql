-- migrate:up
-- Subscriber search through the trigram index under Row Level Security.
--
-- Why: PostgreSQL evaluates RLS policy quals before any user qual whose function is not
-- LEAKPROOF, and textlike (the LIKE operator) is not, so under lastmile_app the planner never
-- makes `search_text LIKE '%...%'` an index condition: customers_search went unused and every
-- search read the tenant's whole table (about 430 ms at 100,000 customers, docs/BENCHMARKS.md).
-- Marking textlike LEAKPROOF would be a global catalog change that pg_dump does not keep.
--
-- Instead this function runs the LIKE itself as lastmile_platform (which already reads every
-- tenant table, see lastmile_secure_tenant_table) and applies the tenant rule of the policy
-- itself: the tenant asked for must be the transaction's app.tenant_id, so it fails closed
-- without one and can never answer for another tenant. It returns only ids; callers join them
-- back to customers as lastmile_app, where RLS applies as usual.
CREATE FUNCTION customer_search_ids(p_tenant_id uuid, p_pattern text) RETURNS TABLE (id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $fn$
    SELECT c.id FROM public.customers c
    WHERE c.tenant_id = p_tenant_id
      AND p_tenant_id = public.lastmile_current_tenant()
      AND c.search_text LIKE p_pattern
  $fn$;
ALTER FUNCTION customer_search_ids(uuid, text) OWNER TO lastmile_platform;
REVOKE ALL ON FUNCTION customer_search_ids(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION customer_search_ids(uuid, text) TO lastmile_app;

-- migrate:down
DROP FUNCTION customer_search_ids(uuid, text);
