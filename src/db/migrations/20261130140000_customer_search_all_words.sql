-- migrate:up
-- Subscriber search: every word of a query in one index scan.
--
-- customer_search_ids(tenant, pattern) (migration 20261128110000, which says why the search
-- runs in a SECURITY DEFINER function at all) took one pattern, so "dela cruz" ran two index
-- scans, each handing back thousands of ids, and intersected them. This version takes all
-- the patterns and ANDs them in one statement, which the trigram index answers with one
-- bitmap scan. The statement is built with EXECUTE because the number of words varies; only
-- the array positions are formatted into it, the patterns themselves are bound parameters.
--
-- The tenant rule is the same: the tenant asked for must be the transaction's app.tenant_id
-- (lastmile_current_tenant()), otherwise, or without one, it returns nothing. At most 10
-- patterns (the caller sends up to 6 words).
DROP FUNCTION customer_search_ids(uuid, text);

CREATE FUNCTION customer_search_ids(p_tenant_id uuid, p_patterns text[]) RETURNS TABLE (id uuid)
  LANGUAGE plpgsql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp
  AS $fn$
  DECLARE
    conditions text := '';
  BEGIN
    IF p_tenant_id IS DISTINCT FROM public.lastmile_current_tenant()
       OR coalesce(cardinality(p_patterns), 0) NOT BETWEEN 1 AND 10
       OR array_position(p_patterns, NULL) IS NOT NULL THEN
      RETURN;
    END IF;
    FOR i IN 1 .. cardinality(p_patterns) LOOP
      conditions := conditions || format(' AND c.search_text LIKE $2[%s]', i);
    END LOOP;
    RETURN QUERY EXECUTE 'SELECT c.id FROM public.customers c WHERE c.tenant_id = $1' || conditions
      USING p_tenant_id, p_patterns;
  END
  $fn$;
ALTER FUNCTION customer_search_ids(uuid, text[]) OWNER TO lastmile_platform;
REVOKE ALL ON FUNCTION customer_search_ids(uuid, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION customer_search_ids(uuid, text[]) TO lastmile_app;

-- migrate:down
DROP FUNCTION customer_search_ids(uuid, text[]);

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
