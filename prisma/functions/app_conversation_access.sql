-- What a caller may know of one conversation: the row readable() checks (kind, privacy, archived),
-- whether the caller is in it, and its size. Plain SQL without a SET clause, so the planner inlines
-- it where it is used; SECURITY INVOKER, so row-level security applies as to any query.
-- Rows: none when the conversation does not exist or RLS hides it, else one
-- { id, kind, name, is_private, archived, member, member_count } (server/db/gate-rows.ts parses it).
CREATE OR REPLACE FUNCTION app_conversation_access(p_workspace uuid, p_conversation uuid, p_user text)
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

REVOKE ALL ON FUNCTION app_conversation_access(uuid, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_conversation_access(uuid, uuid, text) TO enclave_app;
