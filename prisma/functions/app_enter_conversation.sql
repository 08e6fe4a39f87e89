-- requires: app_enter_as_member, app_conversation_access
--
-- The workspace gate of a procedure that names a conversation: app_enter_as_member and that
-- conversation's access row (app_conversation_access) in the same round trip. The access row is
-- NULL when the conversation does not exist or row-level security hides it; the application
-- decides what the caller may do. SECURITY INVOKER (the default).
-- Rows: none when the caller is not a member, else one { role, archived_at, conversation }
-- (server/db/gate-rows.ts parses it).
CREATE OR REPLACE FUNCTION app_enter_conversation(p_workspace uuid, p_user text, p_conversation uuid)
RETURNS TABLE (role text, archived_at timestamptz, conversation jsonb)
LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
DECLARE
  v_role text;
  v_archived timestamptz;
BEGIN
  -- The gate itself (settings, then membership), then the conversation under those settings: two
  -- statements, so the order is certain.
  SELECT e.role, e.archived_at INTO v_role, v_archived FROM app_enter_as_member(p_workspace, p_user) e;
  IF NOT FOUND THEN RETURN; END IF;
  RETURN QUERY SELECT v_role, v_archived,
    (SELECT to_jsonb(a) FROM app_conversation_access(p_workspace, p_conversation, p_user) a);
END $$;

REVOKE ALL ON FUNCTION app_enter_conversation(uuid, text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_enter_conversation(uuid, text, uuid) TO enclave_app;
