-- The workspace gate in one round trip: set the tenant settings for the rest of the transaction,
-- then read the caller's membership (and the workspace's archived mark) under row-level security.
-- Two statements run in order inside the function, which a single SQL statement would not promise.
-- SECURITY INVOKER (the default): the caller's role and policies apply, nothing more.
-- Rows: none when the caller is not a member (or the workspace does not exist), else one
-- { role, archived_at } (server/db/gate-rows.ts parses it).
CREATE OR REPLACE FUNCTION app_enter_as_member(p_workspace uuid, p_user text)
RETURNS TABLE (role text, archived_at timestamptz)
LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM set_config('app.workspace_id', coalesce(p_workspace::text, ''), true),
          set_config('app.user_id', coalesce(p_user, ''), true);
  RETURN QUERY
    SELECT m.role::text, w.archived_at FROM member m JOIN workspace w ON w.id = m.workspace_id
    WHERE m.workspace_id = p_workspace AND m.user_id = p_user;
END $$;

REVOKE ALL ON FUNCTION app_enter_as_member(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_enter_as_member(uuid, text) TO enclave_app;
