-- The support inbox: widget visitors' conversations as staff work them. One row per conversation a
-- visitor opened from the widget (their own or a record's), holding what the team decides about it
-- (status, assignee) and where the visitor wrote from. Messages stay in `message`; internal notes,
-- which visitors never see, are a table of their own so no visitor read path can reach them.

CREATE TYPE support_status AS ENUM ('open', 'snoozed', 'closed');

CREATE TABLE support_conversation (
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL,
  -- The visitor who opened it first (a record's conversation may later have more).
  visitor_id text NOT NULL,
  status support_status NOT NULL DEFAULT 'open',
  snoozed_until timestamptz(3),
  -- When the status last changed: a visitor message after it reopens a snoozed or closed one.
  status_at timestamptz(3) NOT NULL DEFAULT now(),
  assignee_id text,
  -- The host page the visitor last opened the conversation from.
  page_url text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, conversation_id),
  FOREIGN KEY (workspace_id, conversation_id) REFERENCES conversation(workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, visitor_id) REFERENCES widget_visitor(workspace_id, user_id) ON DELETE CASCADE,
  -- An assignee who leaves the workspace leaves the conversation unassigned.
  FOREIGN KEY (workspace_id, assignee_id) REFERENCES member(workspace_id, user_id) ON DELETE SET NULL (assignee_id),
  CHECK ((status = 'snoozed') = (snoozed_until IS NOT NULL))
);
CREATE INDEX support_conversation_visitor_idx ON support_conversation (workspace_id, visitor_id);

CREATE TABLE support_note (
  id uuid PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL,
  author_id text,
  -- Encrypted with the workspace data key, bound to this table, row and column.
  body bytea NOT NULL,
  -- The data key version the body is under, so key rotation finds the notes it must move.
  key_version integer NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  FOREIGN KEY (workspace_id, conversation_id) REFERENCES support_conversation(workspace_id, conversation_id) ON DELETE CASCADE
);
CREATE INDEX support_note_conversation_idx ON support_note (workspace_id, conversation_id, created_at);

CREATE TABLE canned_reply (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  title text NOT NULL,
  body text NOT NULL,
  created_by text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, title)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['support_conversation', 'support_note', 'canned_reply'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)', t || '_allow', t);
    EXECUTE format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR ALL USING (workspace_id = app_current_workspace()) WITH CHECK (workspace_id = app_current_workspace())', t || '_tenant', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON support_conversation TO enclave_app;
-- Notes are a record of what the team said: never edited through the app; only key rotation
-- rewrites them (under the new key version).
GRANT SELECT, INSERT, UPDATE ON support_note TO enclave_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON canned_reply TO enclave_app;

-- Conversations visitors opened before the inbox existed: open, unassigned.
INSERT INTO support_conversation (workspace_id, conversation_id, visitor_id, created_at)
SELECT DISTINCT ON (c.workspace_id, c.id) c.workspace_id, c.id, v.user_id, c.created_at
FROM conversation c
JOIN conversation_member cm ON cm.workspace_id = c.workspace_id AND cm.conversation_id = c.id
JOIN widget_visitor v ON v.workspace_id = cm.workspace_id AND v.user_id = cm.user_id
WHERE c.kind = 'subject'
ORDER BY c.workspace_id, c.id, cm.joined_at;
