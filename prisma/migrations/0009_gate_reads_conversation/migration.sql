-- What a caller may know of one conversation: the row readable() checks (kind, privacy, archived),
-- whether the caller is in it, and its size. Plain SQL without a SET clause, so the planner inlines
-- it where it is used; SECURITY INVOKER, so row-level security applies as to any query.
CREATE FUNCTION app_conversation_access(p_workspace uuid, p_conversation uuid, p_user text)
RETURNS TABLE (id uuid, kind text, name text, is_private boolean, archived boolean, member boolean,
               member_count integer)
LANGUAGE sql STABLE AS $$
  SELECT c.id, c.kind::text, c.name, c.is_private, c.archived_at IS NOT NULL,
    EXISTS (SELECT 1 FROM public.conversation_member cm WHERE cm.workspace_id = c.workspace_id
            AND cm.conversation_id = c.id AND cm.user_id = p_user),
    (SELECT count(*)::integer FROM public.conversation_member cm WHERE cm.workspace_id = c.workspace_id
            AND cm.conversation_id = c.id)
  FROM public.conversation c WHERE c.workspace_id = p_workspace AND c.id = p_conversation
$$;

-- The workspace gate of a procedure that names a conversation: app_enter_as_member (0007) and that
-- conversation's access row in the same round trip. The access row is NULL when the conversation
-- does not exist or row-level security hides it; the application decides what the caller may do.
CREATE FUNCTION app_enter_conversation(p_workspace uuid, p_user text, p_conversation uuid)
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

REVOKE ALL ON FUNCTION app_conversation_access(uuid, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_conversation_access(uuid, uuid, text) TO enclave_app;
REVOKE ALL ON FUNCTION app_enter_conversation(uuid, text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_enter_conversation(uuid, text, uuid) TO enclave_app;
