-- The widget page and the token exchange start from the slug in the host's script tag, before any
-- tenant scope exists. SECURITY DEFINER (owner role) because no scope exists yet to pass the
-- policies; it answers only slug → id, nothing else.
CREATE OR REPLACE FUNCTION workspace_id_by_slug(p_slug text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT id FROM workspace WHERE slug = p_slug
$$;

REVOKE ALL ON FUNCTION workspace_id_by_slug(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION workspace_id_by_slug(text) TO enclave_app;
